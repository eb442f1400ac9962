import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LocalQueue } from "../core/local-queue.ts";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { metric } from "./bench-report.ts";
import type { CorePartRun } from "./core-part.ts";
import { cpus, rates, SAMPLE_MS, type Sample, saturate } from "./core-saturate.ts";
import { CREDIT, quiet } from "./core-tcp-setup.ts";
import { stopProcess } from "./stop-process.ts";

/**
 * Jobs run at once in one process: the in-process worker's credit, and
 * LocalQueue's concurrency (the same as the two worker processes' together).
 */
const IN_PROCESS_CONCURRENCY = 2 * CREDIT;

// This part's own child script: it also hosts the promise queue's samples.
const childScript = fileURLToPath(
  new URL(`./core-child${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/** The core in one process against LocalQueue, sample for sample. */
export async function inprocPart({ samples, add }: CorePartRun): Promise<void> {
  const { core, local, ratios } = await inprocAgainstLocalQueue(samples);
  add(metric("core.inproc.throughput", "jobs/s", "higher", rates(core)));
  add(metric("core.inproc.cpu_per_job", "µs", "lower", cpus(core)));
  add(metric("baseline.promise-queue", "jobs/s", "higher", rates(local)));
  add(metric("baseline.promise-queue.cpu_per_job", "µs", "lower", cpus(local)));
  add(metric("core.ratio.inproc_vs_promise_queue", "ratio", "higher", ratios));
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
