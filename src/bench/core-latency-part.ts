import { performance } from "node:perf_hooks";
import { type Metric, metric } from "./bench-report.ts";
import { benchPayload } from "./core-baselines.ts";
import { type CorePartRun, percentile } from "./core-part.ts";
import { saturate } from "./core-saturate.ts";
import { tcpSetup } from "./core-tcp-setup.ts";

export async function latencyPart({ progress, add }: CorePartRun): Promise<void> {
  for (const m of await latencyRun(progress)) add(m);
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
