import { type ChildProcess, fork, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { LocalQueue } from "../core/local-queue.ts";
import { ZmqQueue, type ZmqQueueOptions } from "../core/zmq-queue.ts";
import { type Metric, metric } from "./bench-report.ts";
import { bullmqRate, withRedisServer } from "./bullmq-baseline.ts";
import {
  benchPayload,
  echoRate,
  LEAD_IN_MS,
  pacedRoundTrips,
  roundTripLatencies,
} from "./core-baselines.ts";
import { stopProcess } from "./stop-process.ts";

/** How long one throughput sample runs. */
const SAMPLE_MS = 600;
/** Jobs enqueued and not yet done while measuring throughput. */
const WINDOW = 4096;
/** Jobs each worker process takes at once (the pitfalls: 1 left workers idle, 8 gave ~3x). */
const CREDIT = 64;
/**
 * Jobs run at once in one process: the in-process worker's credit, and
 * LocalQueue's concurrency (the same as the two worker processes' together).
 */
const IN_PROCESS_CONCURRENCY = 2 * CREDIT;
/** Distinct keys in throughput runs, so per-key order does not serialise them. */
const KEYS = 4096;

// The worker process, compiled beside this file (.js in dist, .ts under tsx).
const workerScript = fileURLToPath(
  new URL(`./core-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);
// This part's own child script: it also hosts the promise queue's samples.
const childScript = fileURLToPath(
  new URL(`./core-child${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);
const quiet = { warn: () => {} };

/** The queue interface the throughput loop needs: ZmqQueue and LocalQueue alike. */
interface Measurable {
  enqueue(job: { kind: string; key: string; payload: unknown }): Promise<unknown>;
  stats(): { done: number };
  idle(): Promise<void>;
}

interface Sample {
  rate: number;
  /** CPU time of this process (all threads) per job, µs: less sensitive to a shared CPU than the rate. */
  cpuMicros: number;
}

/**
 * The parts of the `core` scenario; each runs in a fresh child process
 * (core-child.ts). `bullmq` needs a redis-server binary (core-scenario.ts
 * skips it without one).
 */
export const coreParts = [
  "baselines",
  "inproc",
  "tcp",
  "latency",
  "half",
  "burst",
  "bullmq",
] as const;
export type CorePart = (typeof coreParts)[number];

/**
 * One part's figures, in this process (a child process that loads only the
 * core and this code, so memory is the core's, not the CLI's).
 */
export async function measureCorePart(
  part: CorePart,
  samples: number,
  progress: (line: string) => void,
  /** For `half`: the tcp part's maximum rate, jobs/s. */
  maxRate = Number.NaN,
): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const add = (m: Metric) => {
    metrics.push(m);
    progress(
      `core: ${m.id} = ${round(m.median)} ${m.unit} (samples ${m.samples.map(round).join(", ")})`,
    );
    return m.median;
  };
  switch (part) {
    case "baselines": {
      add(
        metric(
          "baseline.zmq.inproc.echo32",
          "msgs/s",
          "higher",
          await repeat(samples, () =>
            echoRate(`inproc://bench-echo-${randomUUID()}`, 32, SAMPLE_MS),
          ),
        ),
      );
      add(
        metric(
          "baseline.zmq.tcp.echo32",
          "msgs/s",
          "higher",
          await repeat(samples, () => echoRate("tcp://127.0.0.1:0", 32, SAMPLE_MS)),
        ),
      );
      // One message in flight between two processes: the floor of core.tcp.latency.*.
      const trips = await roundTripLatencies(2000);
      add(metric("baseline.zmq.tcp.rtt.p50", "ms", "lower", [percentile(trips, 0.5)]));
      add(metric("baseline.zmq.tcp.rtt.p99", "ms", "lower", [percentile(trips, 0.99)]));
      break;
    }
    case "inproc": {
      const { core, local, ratios } = await inprocAgainstLocalQueue(samples);
      add(metric("core.inproc.throughput", "jobs/s", "higher", rates(core)));
      add(metric("core.inproc.cpu_per_job", "µs", "lower", cpus(core)));
      add(metric("baseline.promise-queue", "jobs/s", "higher", rates(local)));
      add(metric("baseline.promise-queue.cpu_per_job", "µs", "lower", cpus(local)));
      add(metric("core.ratio.inproc_vs_promise_queue", "ratio", "higher", ratios));
      break;
    }
    case "tcp":
      for (const m of await tcpRun(samples, progress)) add(m);
      break;
    case "latency":
      for (const m of await latencyRun(progress)) add(m);
      break;
    case "half":
      if (!(maxRate > 0)) throw new Error("[c4bot] bench: the half part needs the maximum rate");
      for (const m of await halfRun(maxRate / 2, samples, progress)) add(m);
      for (const m of await pacedEchoRun(maxRate / 2, samples, progress)) add(m);
      break;
    case "burst":
      add(
        metric("core.burst.evaluations", "runs", "lower", await repeat(samples, burstEvaluations)),
      );
      break;
    case "bullmq": {
      const rates = await withRedisServer((redis) => {
        progress(`core: bullmq: redis-server pid ${redis.pid} on 127.0.0.1:${redis.port}`);
        return repeat(samples, () => bullmqRate(redis.port));
      });
      add(metric("baseline.bullmq", "jobs/s", "higher", rates));
      break;
    }
  }
  return metrics;
}

async function repeat(samples: number, measure: () => Promise<number>): Promise<number[]> {
  await measure(); // warm-up: the JIT and the sockets
  const values: number[] = [];
  for (let i = 0; i < samples; i++) values.push(await measure());
  return values;
}

async function repeatSamples(samples: number, measure: () => Promise<Sample>): Promise<Sample[]> {
  await measure(); // warm-up
  const values: Sample[] = [];
  for (let i = 0; i < samples; i++) values.push(await measure());
  return values;
}

const rates = (samples: Sample[]) => samples.map((sample) => sample.rate);
const cpus = (samples: Sample[]) => samples.map((sample) => sample.cpuMicros);

/**
 * Keeps WINDOW jobs outstanding for LEAD_IN_MS, then for `ms` more; jobs
 * done per second (and CPU per job) over those `ms`.
 */
async function saturate(queue: Measurable, ms: number): Promise<Sample> {
  const base = queue.stats().done;
  let submitted = 0;
  const ignore = () => {};
  const keepFull = async (until: number) => {
    while (performance.now() < until) {
      const done = queue.stats().done - base;
      for (let room = WINDOW - (submitted - done); room > 0; room--) {
        queue
          .enqueue({ kind: "bench", key: `k${submitted % KEYS}`, payload: benchPayload(submitted) })
          .catch(ignore);
        submitted++;
      }
      await yieldToLoop();
    }
  };
  await keepFull(performance.now() + LEAD_IN_MS);
  const done0 = queue.stats().done;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await keepFull(start + ms);
  const done = queue.stats().done - done0;
  const rate = done / ((performance.now() - start) / 1000);
  const cpu = process.cpuUsage(cpu0);
  await queue.idle();
  return { rate, cpuMicros: (cpu.user + cpu.system) / Math.max(done, 1) };
}

/**
 * The core in one process against the in-process promise queue doing the
 * same work, sample for sample: LocalQueue (per-key order, coalescing on
 * kind + key + JSON of the payload, delivery bookkeeping) at the same
 * concurrency, window, keys and payload, its handler serialising and
 * parsing the payload as a job crossing the wire is. LocalQueue runs in a
 * process of its own (`promiseQueuePeer`), idle while the core runs and the
 * other way round, the samples alternating (ABBA); each ratio is one pair's.
 * Measured in separate parts a minute apart, the machine's swings
 * (LocalQueue's samples spread 37-51k in one run) decided the ratio more
 * than either queue; in the same process, each one's garbage slowed the
 * other.
 */
async function inprocAgainstLocalQueue(
  samples: number,
): Promise<{ core: Sample[]; local: Sample[]; ratios: number[] }> {
  const peer = fork(childScript, ["promise-queue-peer"], {
    stdio: "inherit",
    execArgv: process.execArgv,
  });
  const exited = new Promise<never>((_, reject) => {
    peer.once("exit", (code, signal) =>
      reject(new Error(`[c4bot] bench: the promise-queue process exited (${code ?? signal})`)),
    );
  });
  exited.catch(() => {});
  const localSample = (ms: number) =>
    Promise.race([
      new Promise<Sample>((resolve) => {
        peer.once("message", (message: { sample: Sample }) => resolve(message.sample));
        peer.send({ saturateMs: ms });
      }),
      exited,
    ]);
  const core = inprocQueue();
  core.start(async () => {});
  try {
    await core.listen();
    // Warm-up, both (the JIT).
    await saturate(core, SAMPLE_MS);
    await localSample(SAMPLE_MS);
    const result = { core: [] as Sample[], local: [] as Sample[], ratios: [] as number[] };
    for (let i = 0; i < samples; i++) {
      let coreSample: Sample;
      let local: Sample;
      if (i % 2 === 0) {
        coreSample = await saturate(core, SAMPLE_MS);
        local = await localSample(SAMPLE_MS);
      } else {
        local = await localSample(SAMPLE_MS);
        coreSample = await saturate(core, SAMPLE_MS);
      }
      result.core.push(coreSample);
      result.local.push(local);
      result.ratios.push(coreSample.rate / local.rate);
    }
    return result;
  } finally {
    await core.close();
    await stopProcess(peer);
  }
}

/**
 * The other side of inprocAgainstLocalQueue, in its own process
 * (core-child.js promise-queue-peer): LocalQueue, saturated for
 * `saturateMs` on each request from the parent, which gets the Sample back.
 * It leaves when the parent disconnects.
 */
export function promiseQueuePeer(): void {
  const queue = new LocalQueue({ concurrency: IN_PROCESS_CONCURRENCY, maxDepth: 100_000 });
  queue.start(async (job) => {
    JSON.parse(JSON.stringify(job.payload));
  });
  process.on("message", (message: { saturateMs: number }) => {
    void saturate(queue, message.saturateMs).then((sample) => process.send?.({ sample }));
  });
  process.once("disconnect", () => {
    void queue.close().then(() => process.exit(0));
  });
  process.once("SIGTERM", () => process.exit(0));
}

/**
 * ZmqQueue as `c4bot serve` runs it by default: broker, client and one
 * in-process worker over inproc://. One worker with all the credit rather
 * than two with half each: in one thread a second worker runs nothing in
 * parallel, it only halves the batches (8-13% more CPU a job, measured).
 */
function inprocQueue(): ZmqQueue {
  return new ZmqQueue({
    workers: 1,
    concurrency: IN_PROCESS_CONCURRENCY,
    log: quiet,
    maxDepth: 100_000,
  });
}

/** Half-rate jobs: their kind, and their key's prefix before the job's number. */
const HALF_KIND = "bench-half";
const HALF_PREFIX = "half-";
/** Half-rate jobs timed at once, at most: far more than are ever in flight. */
const TIMING_RING = 1 << 16;
/** How long one half-rate sample (and one sample of its raw floor) runs. */
const HALF_SAMPLE_MS = 1500;
/**
 * The untimed steps before the half-rate samples, as fractions of the
 * rate, each HALF_SAMPLE_MS long: the load rises as a service's does. Cold
 * (the JIT in three processes) at the full rate from the first
 * millisecond, the process fell behind by up to 18,000 jobs, and the
 * memory that backlog took stayed in its RSS through the timed samples:
 * at 34k jobs/s their peak was 165-181 MB after a cold start at full
 * rate against 105-107 MB after this ramp (docs/core-measurements.md).
 */
const HALF_WARM_UP = [0.25, 0.5, 1];

/**
 * Client and broker in this process, two worker processes (the core's Worker
 * only) on its tcp endpoint, and `onDone` telling the one-in-flight waiter
 * and the half-rate timings.
 */
async function tcpSetup() {
  /** The one-in-flight job (latency part): its key and who waits for it. */
  const single = { key: "", resolve: () => {} };
  /**
   * Jobs timed at half rate (key `half-N`): when job N was enqueued, in a
   * ring by N. A number per job and one callback for all, not a promise and
   * a closure per job, and no Map (hash-table.ts says why): the bench's own
   * garbage collection must not be part of the latency it measures.
   */
  const timing = {
    began: new Float64Array(TIMING_RING).fill(Number.NaN),
    latencies: new Float64Array(0),
    count: 0,
  };
  const options: ZmqQueueOptions = {
    workers: 0,
    log: quiet,
    maxDepth: 100_000,
    remote: [{ endpoint: "tcp://127.0.0.1:0" }],
    onDone: (kind, key) => {
      if (kind === HALF_KIND) {
        const slot = Number(key.slice(HALF_PREFIX.length)) % TIMING_RING;
        const began = timing.began[slot] as number;
        timing.began[slot] = Number.NaN;
        if (!Number.isNaN(began) && timing.count < timing.latencies.length) {
          timing.latencies[timing.count++] = performance.now() - began;
        }
        return;
      }
      if (key === single.key) {
        single.key = "";
        single.resolve();
      }
    },
  };
  const queue = new ZmqQueue(options);
  await queue.listen();
  queue.start(async () => {});
  const endpoint = queue.endpoints.backend[1] as string;
  const children: ChildProcess[] = [0, 1].map(() =>
    spawn(process.execPath, [...process.execArgv, workerScript, endpoint, String(CREDIT)], {
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const close = async () => {
    await queue.close();
    await Promise.all(children.map((child) => stopProcess(child)));
  };
  const deadline = Date.now() + 10_000;
  while (queue.stats().workers < 2) {
    if (Date.now() > deadline) {
      await close();
      throw new Error("[c4bot] bench: the worker processes did not register");
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { queue, single, timing, close };
}

/** Saturated throughput. */
async function tcpRun(samples: number, progress: (line: string) => void): Promise<Metric[]> {
  const { queue, close } = await tcpSetup();
  try {
    const saturated = await repeatSamples(samples, () => saturate(queue, SAMPLE_MS));
    progress(`core: tcp max ${Math.round(Math.max(...rates(saturated)))} jobs/s`);
    return [
      metric("core.tcp.throughput", "jobs/s", "higher", rates(saturated)),
      metric("core.tcp.cpu_per_job", "µs", "lower", cpus(saturated)),
    ];
  } finally {
    await close();
    progress("core: tcp run closed, worker processes stopped");
  }
}

/**
 * Latency with one job in flight: enqueue, wait for its DONE at the broker,
 * again, for 2 s (and at least 500 jobs) after a warm-up. In a fresh
 * process, as `half` is: measured after the saturated runs, in the same
 * process, it timed their garbage being collected.
 */
async function latencyRun(progress: (line: string) => void): Promise<Metric[]> {
  const { queue, single: waiter, close } = await tcpSetup();
  try {
    // Warm-up: a second of saturated load (the JIT, in all three processes),
    // then 2,000 jobs one at a time, untimed.
    await saturate(queue, 1000);
    const single: number[] = [];
    let until = Number.POSITIVE_INFINITY;
    for (let n = -2000; performance.now() < until || single.length < 500; n++) {
      if (n === 0) until = performance.now() + 2000;
      const key = `one-${n}`;
      const done = new Promise<void>((resolve) => {
        waiter.key = key;
        waiter.resolve = resolve;
      });
      const start = performance.now();
      await queue.enqueue({ kind: "bench", key, payload: benchPayload(n) });
      await done;
      if (n >= 0) single.push(performance.now() - start);
    }
    progress(
      `core: one in flight: ${single.length} jobs timed; p90 ${percentile(single, 0.9).toFixed(3)} ms, p99.9 ${percentile(single, 0.999).toFixed(3)} ms, over 1 ms: ${single.filter((t) => t > 1).length}`,
    );
    return [
      metric("core.tcp.latency.p50", "ms", "lower", [percentile(single, 0.5)]),
      metric("core.tcp.latency.p99", "ms", "lower", [percentile(single, 0.99)]),
    ];
  } finally {
    await close();
  }
}

/**
 * Half the maximum rate (measured by the tcp part, passed in), in a process
 * of its own so its memory is what sustaining that rate costs, not what the
 * saturation before it left behind. Open loop: every `pace()` (a 1 ms timer,
 * or C4BOT_BENCH_PACE=immediate for every turn of the event loop) sends the
 * jobs due by then; each job is timed from its own enqueue to its DONE at the
 * broker. Peak RSS and heap used, sampled every 10 ms. The timed samples
 * follow an untimed ramp to the rate (HALF_WARM_UP).
 */
async function halfRun(
  rate: number,
  samples: number,
  progress: (line: string) => void,
): Promise<Metric[]> {
  const { queue, timing, close } = await tcpSetup();
  // Where the tail comes from: this process's event-loop stalls and GC pauses.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  const result = {
    p50: [] as number[],
    p99: [] as number[],
    rss: [] as number[],
    heap: [] as number[],
  };
  let n = 0;
  try {
    for (let sample = -HALF_WARM_UP.length; sample < samples; sample++) {
      const stepRate = rate * (HALF_WARM_UP[sample + HALF_WARM_UP.length] ?? 1);
      timing.latencies = new Float64Array(Math.ceil(rate * 2) + 1000);
      timing.count = 0;
      let rss = 0;
      let heap = 0;
      let backlog = 0;
      let lastMemory = 0;
      const start = performance.now();
      let sent = 0;
      for (let now = start; now - start < HALF_SAMPLE_MS; now = performance.now()) {
        const due = Math.floor(((now - start) / 1000) * stepRate);
        for (; sent < due; sent++, n++) {
          timing.began[n % TIMING_RING] = performance.now();
          queue
            .enqueue({ kind: HALF_KIND, key: `${HALF_PREFIX}${n}`, payload: benchPayload(n) })
            .catch(() => {});
        }
        if (now - lastMemory >= 10) {
          lastMemory = now;
          const memory = process.memoryUsage();
          rss = Math.max(rss, memory.rss);
          heap = Math.max(heap, memory.heapUsed);
          const stats = queue.stats();
          backlog = Math.max(backlog, stats.depth + stats.inFlight);
        }
        await pace();
      }
      await queue.idle();
      if (sample === -1) {
        // Warm-up done (the JIT and the sockets): observe the timed samples.
        loopDelay.enable();
        gcObserver.observe({ entryTypes: ["gc"] });
      }
      if (sample < 0) continue;
      const latencies = timing.latencies.subarray(0, timing.count);
      result.p50.push(percentile(latencies, 0.5));
      result.p99.push(percentile(latencies, 0.99));
      result.rss.push(rss / 1024 / 1024);
      result.heap.push(heap / 1024 / 1024);
      progress(`core: half rate sample ${sample + 1}: at most ${backlog} jobs waiting or running`);
    }
    loopDelay.disable();
    gcObserver.disconnect();
    progress(
      `core: half rate: event-loop delay p50 ${ms(loopDelay.percentile(50))} p99 ${ms(loopDelay.percentile(99))} max ${ms(loopDelay.max)} ms; GC ${gc.count} pauses, ${gc.totalMs.toFixed(0)} ms in all, longest ${gc.maxMs.toFixed(1)} ms`,
    );
    const memory = process.memoryUsage();
    progress(
      `core: half rate (${Math.round(rate)} jobs/s): rss ${mb(memory.rss)} MB, heap used ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)} MB, external ${mb(memory.external)} MB, array buffers ${mb(memory.arrayBuffers)} MB`,
    );
    return [
      metric("core.tcp.latency.half_rate.p50", "ms", "lower", result.p50),
      metric("core.tcp.latency.half_rate.p99", "ms", "lower", result.p99),
      metric("core.rss", "MB", "lower", result.rss),
      metric("core.heap_used", "MB", "lower", result.heap),
    ];
  } finally {
    await close();
  }
}

/**
 * The half-rate latency's floor (core-baselines.ts, pacedRoundTrips): raw
 * zeromq.js at the same rate and pacing, each sample as long as the core's.
 */
async function pacedEchoRun(
  rate: number,
  samples: number,
  progress: (line: string) => void,
): Promise<Metric[]> {
  const p50: number[] = [];
  const p99: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const times = await pacedRoundTrips(rate, HALF_SAMPLE_MS, pace);
    p50.push(percentile(times, 0.5));
    p99.push(percentile(times, 0.99));
  }
  progress(`core: raw echo paced as the half-rate part (${Math.round(rate)} msgs/s)`);
  return [
    metric("baseline.zmq.tcp.paced.p50", "ms", "lower", p50),
    metric("baseline.zmq.tcp.paced.p99", "ms", "lower", p99),
  ];
}

const pace =
  process.env.C4BOT_BENCH_PACE === "immediate"
    ? () => yieldToLoop()
    : () => new Promise((resolve) => setTimeout(resolve, 1));

/** 1,000 equal evaluations over 10 keys, enqueued at once: how many runs happen. */
async function burstEvaluations(): Promise<number> {
  const queue = new ZmqQueue({ workers: 2, concurrency: 8, log: quiet });
  let runs = 0;
  queue.start(async () => {
    runs++;
  });
  await queue.listen();
  const answers: Promise<unknown>[] = [];
  for (let i = 0; i < 1000; i++) {
    const pull = i % 10;
    answers.push(
      queue.enqueue({
        kind: "pull.evaluate",
        key: `o/r#${pull}`,
        payload: { installationId: 1, owner: "o", repo: "r", number: pull },
      }),
    );
  }
  await Promise.all(answers);
  await queue.idle();
  await queue.close();
  return runs;
}

function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Nanoseconds (monitorEventLoopDelay) as milliseconds, for a progress line. */
function ms(nanoseconds: number): string {
  return (nanoseconds / 1e6).toFixed(1);
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

function round(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(3);
}
