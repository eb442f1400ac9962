import { performance } from "node:perf_hooks";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { metric } from "./bench-report.ts";
import { benchPayload } from "./core-baselines.ts";
import type { Scenario } from "./scenario.ts";
import { benchJobHandler, SLOWDOWN_ENV, slowdownMicros } from "./slowdown.ts";

/** Short samples: this scenario exists to be run many times (the selfcheck). */
const SAMPLE_MS = 250;
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
      await saturate(queue, done, SAMPLE_MS); // warm-up: the JIT and the sockets
      const rates: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < samples; i++) {
        const sample = await saturate(queue, done, SAMPLE_MS);
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
 * Keeps WINDOW jobs outstanding for `ms`: each job done is replaced by a new
 * one, so the process only ever waits on the core and never polls (a polling
 * loop would bill its own spinning to every job). Jobs per wall-clock second,
 * and CPU time of this process (every thread: JS and zeromq's I/O) per job:
 * on a machine shared with other work, time spent waiting for a CPU inflates
 * the first and not the second.
 */
function saturate(
  queue: ZmqQueue,
  done: { listener: () => void },
  ms: number,
): Promise<{ rate: number; cpuMicrosPerJob: number }> {
  return new Promise((resolve) => {
    let submitted = 0;
    let finished = 0;
    let result: { rate: number; cpuMicrosPerJob: number } | undefined;
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
      if (result === undefined) {
        const elapsed = performance.now() - start;
        if (elapsed < ms) return submit();
        const cpu = process.cpuUsage(cpu0);
        result = {
          rate: finished / (elapsed / 1000),
          cpuMicrosPerJob: (cpu.user + cpu.system) / finished,
        };
      }
      // Let the jobs still in flight drain before the next sample.
      if (finished === submitted) resolve(result);
    };
    for (let i = 0; i < WINDOW; i++) submit();
  });
}
