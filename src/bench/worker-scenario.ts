import { performance } from "node:perf_hooks";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { metric } from "./bench-report.ts";
import { benchPayload } from "./core-baselines.ts";
import type { Scenario } from "./scenario.ts";
import { benchJobHandler, SLOWDOWN_ENV, slowdownMicros } from "./slowdown.ts";

/** Jobs per sample: a fraction of a second; this scenario runs many times (the selfcheck). */
const JOBS = 5000;
/** Jobs outstanding while measuring, on distinct keys so none waits for another. */
const WINDOW = 1024;

/**
 * The cheap scenario of the comparison's selfcheck: one in-process worker of
 * the ZeroMQ core running `benchJobHandler`, which honours the injected
 * slowdown (C4BOT_BENCH_SLOWDOWN_US). Jobs done per second with WINDOW in
 * flight, and the CPU time each job cost. The `core` scenario measures the core itself, at length; this one
 * is a second or two per run.
 */
export const workerScenario: Scenario = {
  name: "worker",
  description: `jobs/s through one in-process core worker (honours ${SLOWDOWN_ENV})`,
  async run({ samples, progress }) {
    const slowdown = slowdownMicros();
    if (slowdown > 0) progress(`worker: injected slowdown ${slowdown} µs per job`);
    const done = { listener: () => {} };
    const queue = new ZmqQueue({
      onDone: () => done.listener(),
      workers: 1,
      concurrency: 64,
      maxDepth: 100_000,
      log: { warn() {} },
    });
    queue.start(benchJobHandler);
    await queue.listen();
    try {
      await runJobs(queue, done); // warm-up: the JIT and the sockets
      const rates: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < samples; i++) {
        const sample = await runJobs(queue, done);
        rates.push(sample.rate);
        cpu.push(sample.cpuMicrosPerJob);
        progress(
          `worker: sample ${i + 1}/${samples}: ${Math.round(sample.rate)} jobs/s, ${sample.cpuMicrosPerJob.toFixed(2)} µs CPU per job`,
        );
      }
      return [
        metric("worker.inproc.throughput", "jobs/s", "higher", rates),
        metric("worker.inproc.cpu_per_job", "µs", "lower", cpu),
      ];
    } finally {
      await queue.close();
    }
  },
};

/**
 * Runs JOBS jobs with WINDOW outstanding: each job done is replaced by a new
 * one, so the process only ever waits on the core and never polls (a polling
 * loop would bill its own spinning to every job). A fixed amount of work, not
 * a fixed time: when the machine is busy elsewhere, the sample takes longer
 * but still measures the same jobs. Jobs per wall-clock second, and CPU time
 * of this process (every thread: JS and zeromq's I/O) per job: time spent
 * waiting for a CPU inflates the first and not the second.
 */
function runJobs(
  queue: ZmqQueue,
  done: { listener: () => void },
): Promise<{ rate: number; cpuMicrosPerJob: number }> {
  return new Promise((resolve) => {
    let submitted = 0;
    let finished = 0;
    const ignore = () => {};
    const submit = () => {
      queue
        .enqueue({ kind: "bench", key: `w${submitted % WINDOW}`, payload: benchPayload(submitted) })
        .catch(ignore);
      submitted++;
    };
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    done.listener = () => {
      finished++;
      if (submitted < JOBS) return submit();
      if (finished < JOBS) return;
      const elapsed = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      resolve({ rate: JOBS / (elapsed / 1000), cpuMicrosPerJob: (cpu.user + cpu.system) / JOBS });
    };
    for (let i = 0; i < WINDOW; i++) submit();
  });
}
