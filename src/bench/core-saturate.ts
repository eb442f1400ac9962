import { performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { benchPayload, LEAD_IN_MS } from "./core-baselines.ts";

/** How long one throughput sample runs. */
export const SAMPLE_MS = 600;
/** Jobs enqueued and not yet done while measuring throughput. */
const WINDOW = 4096;
/** Distinct keys in throughput runs, so per-key order does not serialise them. */
const KEYS = 4096;

/** The queue interface the throughput loop needs: ZmqQueue and LocalQueue alike. */
export interface Measurable {
  enqueue(job: { kind: string; key: string; payload: unknown }): Promise<unknown>;
  stats(): { done: number };
  idle(): Promise<void>;
}

export interface Sample {
  rate: number;
  /** CPU time of this process (all threads) per job, µs: less sensitive to a shared CPU than the rate. */
  cpuMicros: number;
}

export const rates = (samples: Sample[]) => samples.map((sample) => sample.rate);
export const cpus = (samples: Sample[]) => samples.map((sample) => sample.cpuMicros);

/** `samples` measurements after one untimed warm-up (the JIT and the sockets). */
export async function repeat<T>(samples: number, measure: () => Promise<T>): Promise<T[]> {
  await measure();
  const values: T[] = [];
  for (let i = 0; i < samples; i++) values.push(await measure());
  return values;
}

/**
 * Keeps WINDOW jobs outstanding for LEAD_IN_MS, then for `ms` more; jobs
 * done per second (and CPU per job) over those `ms`.
 */
export async function saturate(queue: Measurable, ms: number): Promise<Sample> {
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
