import { type ChildProcess, spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { ZmqQueue, type ZmqQueueOptions } from "../core/zmq-queue.ts";
import { stopProcess } from "./stop-process.ts";

/** Jobs each worker process takes at once (the pitfalls: 1 left workers idle, 8 gave ~3x). */
export const CREDIT = 64;
/** Half-rate jobs: their kind, and their key's prefix before the job's number. */
export const HALF_KIND = "bench-half";
export const HALF_PREFIX = "half-";
/** Half-rate jobs timed at once, at most: far more than are ever in flight. */
export const TIMING_RING = 1 << 16;
export const quiet = { warn: () => {} };

// The worker process, compiled beside this file (.js in dist, .ts under tsx).
const workerScript = fileURLToPath(
  new URL(`./core-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/**
 * Client and broker in this process, two worker processes (the core's Worker
 * only) on its tcp endpoint, and `onDone` telling the one-in-flight waiter
 * and the half-rate timings.
 */
export async function tcpSetup() {
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
