import { performance } from "node:perf_hooks";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { joinSamples, type Metric, metric } from "./bench-report.ts";
import { benchPayload } from "./core-baselines.ts";
import type { Scenario, ScenarioSession } from "./scenario.ts";
import { benchJobHandler, SLOWDOWN_ENV, slowdownMicros } from "./slowdown.ts";

/**
 * Jobs per sample: a quarter of a second. At 5,000 (a tenth of a second)
 * the filling and draining of the window and whether a major GC fell inside
 * made samples of one process range from 25,000 to 56,000 jobs/s; longer
 * samples than this gain little here, where the machine's own speed changes
 * every few seconds: more samples, interleaved, gain more.
 */
const JOBS = 12_500;
/** Untimed samples first: the rate still climbs over the first 100,000 jobs or so (the JIT). */
const WARM_UP_SAMPLES = 10;
/** Jobs outstanding while measuring, on distinct keys so none waits for another. */
const WINDOW = 1024;

/**
 * The cheap scenario of the comparison's selfcheck: one in-process worker of
 * the ZeroMQ core running `benchJobHandler`, which honours the injected
 * slowdown (C4BOT_BENCH_SLOWDOWN_US). Jobs done per second with WINDOW in
 * flight, and the CPU time each job cost. The `core` scenario measures the
 * core itself, at length; this one is a few seconds per run, and it can be
 * sampled step by step (`bench ab` interleaves its samples).
 */
export const workerScenario: Scenario = {
  name: "worker",
  description: `jobs/s through one in-process core worker (honours ${SLOWDOWN_ENV})`,
  async run({ samples, progress }) {
    const session = await openWorkerSession(progress);
    try {
      const taken: Metric[][] = [];
      for (let i = 0; i < samples; i++) {
        const sample = await session.sample();
        taken.push(sample);
        progress(
          `worker: sample ${i + 1}/${samples}: ${sample.map((m) => `${m.id} ${m.median.toFixed(2)} ${m.unit}`).join(", ")}`,
        );
      }
      return joinSamples(taken);
    } finally {
      await session.close();
    }
  },
  open: (progress) => openWorkerSession(progress),
};

/** The queue started and warmed up; each sample runs JOBS jobs. */
async function openWorkerSession(progress: (line: string) => void): Promise<ScenarioSession> {
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
  for (let i = 0; i < WARM_UP_SAMPLES; i++) await runJobs(queue, done);
  return {
    async sample() {
      const { rate, cpuMicrosPerJob } = await runJobs(queue, done);
      return [
        metric("worker.inproc.throughput", "jobs/s", "higher", [rate]),
        metric("worker.inproc.cpu_per_job", "µs", "lower", [cpuMicrosPerJob]),
      ];
    },
    close: () => queue.close(),
  };
}

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
