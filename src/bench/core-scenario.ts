import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ZmqQueue, type ZmqQueueOptions } from "../core/zmq-queue.ts";
import { type Metric, metric } from "./bench-report.ts";
import { benchPayload, echoRate, promiseQueueRate } from "./core-baselines.ts";
import type { Scenario, ScenarioContext } from "./scenario.ts";

/** How long one throughput sample runs. */
const SAMPLE_MS = 600;
/** Jobs enqueued and not yet done while measuring throughput. */
const WINDOW = 4096;
/** Jobs each worker takes at once (the pitfalls: 1 left workers idle, 8 gave ~3x). */
const CREDIT = 64;
/** Distinct keys in throughput runs, so per-key order does not serialise them. */
const KEYS = 4096;

const cli = fileURLToPath(new URL("../cli.js", import.meta.url));
const quiet = { warn: () => {} };

/**
 * The messaging core (issue 4), with the baselines measured in the same run:
 * throughput inproc and with 2 worker processes over tcp, latency with one
 * job in flight and at half the maximum rate, a 1,000-job burst over 10 keys,
 * resident memory under load, raw zeromq.js echo with 32 in flight, and an
 * in-process promise queue. Loopback only; each part stops by itself.
 */
export const coreScenario: Scenario = {
  name: "core",
  description: "the ZeroMQ job core against raw zeromq.js and a promise queue",
  async run(context) {
    const { progress, samples } = context;
    const metrics: Metric[] = [];
    const add = (m: Metric) => {
      metrics.push(m);
      progress(
        `core: ${m.id} = ${round(m.median)} ${m.unit} (samples ${m.samples.map(round).join(", ")})`,
      );
      return m.median;
    };

    const echoInproc = add(
      metric(
        "baseline.zmq.inproc.echo32",
        "msgs/s",
        "higher",
        await repeat(samples, () => echoRate(`inproc://bench-echo-${randomUUID()}`, 32, SAMPLE_MS)),
      ),
    );
    const echoTcp = add(
      metric(
        "baseline.zmq.tcp.echo32",
        "msgs/s",
        "higher",
        await repeat(samples, () => echoRate("tcp://127.0.0.1:0", 32, SAMPLE_MS)),
      ),
    );
    const promiseQueue = add(
      metric(
        "baseline.promise-queue",
        "jobs/s",
        "higher",
        await repeat(samples, () => promiseQueueRate(32, SAMPLE_MS)),
      ),
    );
    if (spawnSync("sh", ["-c", "command -v redis-server"]).status !== 0) {
      progress(
        "core: baseline.bullmq skipped: no redis-server binary (and bullmq is not installed)",
      );
    }

    const inproc = add(
      metric("core.inproc.throughput", "jobs/s", "higher", await inprocThroughput(context)),
    );
    const tcp = await tcpRun(context);
    const tcpRate = add(tcp.throughput);
    add(tcp.p50);
    add(tcp.p99);
    add(tcp.halfRateP99);
    add(tcp.rss);
    add(metric("core.burst.evaluations", "runs", "lower", await repeat(samples, burstEvaluations)));

    add(metric("core.ratio.tcp_vs_echo32", "ratio", "higher", [tcpRate / echoTcp]));
    add(metric("core.ratio.inproc_vs_echo32", "ratio", "higher", [inproc / echoInproc]));
    add(metric("core.ratio.inproc_vs_promise_queue", "ratio", "higher", [inproc / promiseQueue]));
    return metrics;
  },
};

async function repeat(samples: number, measure: () => Promise<number>): Promise<number[]> {
  await measure(); // warm-up: the JIT and the sockets
  const values: number[] = [];
  for (let i = 0; i < samples; i++) values.push(await measure());
  return values;
}

/** Keeps WINDOW jobs outstanding for `ms`; jobs done per second. */
async function saturate(queue: ZmqQueue, ms: number): Promise<number> {
  const done0 = queue.stats().done;
  let submitted = 0;
  const start = performance.now();
  const ignore = () => {};
  while (performance.now() - start < ms) {
    const done = queue.stats().done - done0;
    for (let room = WINDOW - (submitted - done); room > 0; room--) {
      queue
        .enqueue({ kind: "bench", key: `k${submitted % KEYS}`, payload: benchPayload(submitted) })
        .catch(ignore);
      submitted++;
    }
    await yieldToLoop();
  }
  const rate = (queue.stats().done - done0) / ((performance.now() - start) / 1000);
  await queue.idle();
  return rate;
}

async function inprocThroughput({ samples, progress }: ScenarioContext): Promise<number[]> {
  const queue = new ZmqQueue({ workers: 2, concurrency: CREDIT, log: quiet, maxDepth: 100_000 });
  queue.start(async () => {});
  await queue.listen();
  try {
    return await repeat(samples, () => saturate(queue, SAMPLE_MS));
  } finally {
    await queue.close();
    progress("core: inproc run closed");
  }
}

/** Client and broker here, two `c4bot worker` processes over tcp on loopback. */
async function tcpRun({ samples, progress }: ScenarioContext) {
  const waiters = new Map<string, () => void>();
  const options: ZmqQueueOptions = {
    workers: 0,
    log: quiet,
    maxDepth: 100_000,
    remote: [{ endpoint: "tcp://127.0.0.1:0" }],
    onDone: (_kind, key) => {
      const waiter = waiters.get(key);
      if (waiter) {
        waiters.delete(key);
        waiter();
      }
    },
  };
  const queue = new ZmqQueue(options);
  await queue.listen();
  queue.start(async () => {});
  const endpoint = queue.endpoints.backend[1] as string;
  const children: ChildProcess[] = [0, 1].map(() =>
    spawn(
      process.execPath,
      [
        cli,
        "worker",
        "--connect",
        endpoint,
        "--concurrency",
        String(CREDIT),
        "--test-handler",
        "bench",
      ],
      {
        stdio: "ignore",
      },
    ),
  );
  try {
    const deadline = Date.now() + 10_000;
    while (queue.stats().workers < 2) {
      if (Date.now() > deadline)
        throw new Error("[c4bot] bench: the worker processes did not register");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const rates = await repeat(samples, () => saturate(queue, SAMPLE_MS));
    const max = Math.max(...rates);
    progress(`core: tcp max ${Math.round(max)} jobs/s`);

    // One job in flight: enqueue, wait for its DONE at the broker, again.
    const single: number[] = [];
    const until = performance.now() + 1500;
    for (let n = 0; performance.now() < until || n < 200; n++) {
      const key = `one-${n}`;
      const done = new Promise<void>((resolve) => waiters.set(key, resolve));
      const start = performance.now();
      await queue.enqueue({ kind: "bench", key, payload: benchPayload(n) });
      await done;
      single.push(performance.now() - start);
    }

    // Half the maximum rate, open loop: latency of every job, and memory.
    const half = await halfRate(queue, waiters, max / 2, samples);
    const memory = process.memoryUsage();
    progress(
      `core: after half rate: rss ${mb(memory.rss)} MB, heap ${mb(memory.heapTotal)} MB, external ${mb(memory.external)} MB`,
    );
    return {
      throughput: metric("core.tcp.throughput", "jobs/s", "higher", rates),
      p50: metric("core.tcp.latency.p50", "ms", "lower", [percentile(single, 0.5)]),
      p99: metric("core.tcp.latency.p99", "ms", "lower", [percentile(single, 0.99)]),
      halfRateP99: metric("core.tcp.latency.half_rate.p99", "ms", "lower", half.p99),
      rss: metric("core.rss", "MB", "lower", half.rss),
    };
  } finally {
    await queue.close();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
    progress("core: tcp run closed, worker processes stopped");
  }
}

async function halfRate(
  queue: ZmqQueue,
  waiters: Map<string, () => void>,
  rate: number,
  samples: number,
): Promise<{ p99: number[]; rss: number[] }> {
  const p99: number[] = [];
  const rss: number[] = [];
  let n = 0;
  for (let sample = 0; sample < samples; sample++) {
    const latencies: number[] = [];
    const pending: Promise<void>[] = [];
    let peak = 0;
    const start = performance.now();
    let sent = 0;
    while (performance.now() - start < SAMPLE_MS) {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      for (; sent < due; sent++, n++) {
        const key = `half-${n}`;
        const began = performance.now();
        pending.push(
          new Promise<void>((resolve) =>
            waiters.set(key, () => {
              latencies.push(performance.now() - began);
              resolve();
            }),
          ),
        );
        queue.enqueue({ kind: "bench", key, payload: benchPayload(n) }).catch(() => {});
      }
      peak = Math.max(peak, process.memoryUsage.rss());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
    p99.push(percentile(latencies, 0.99));
    rss.push(peak / 1024 / 1024);
  }
  return { p99, rss };
}

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

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

function round(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(3);
}
