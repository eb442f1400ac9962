import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { type Metric, metric } from "./bench-report.ts";
import { benchPayload, pacedRoundTrips } from "./core-baselines.ts";
import { type CorePartRun, percentile } from "./core-part.ts";
import { HALF_KIND, HALF_PREFIX, TIMING_RING, tcpSetup } from "./core-tcp-setup.ts";

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

/** Latency at half the tcp part's maximum rate, then its raw zeromq.js floor at that rate. */
export async function halfPart({ samples, progress, add, maxRate }: CorePartRun): Promise<void> {
  if (!(maxRate > 0)) throw new Error("[c4bot] bench: the half part needs the maximum rate");
  for (const m of await halfRun(maxRate / 2, samples, progress)) add(m);
  for (const m of await pacedEchoRun(maxRate / 2, samples, progress)) add(m);
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

/** Nanoseconds (monitorEventLoopDelay) as milliseconds, for a progress line. */
function ms(nanoseconds: number): string {
  return (nanoseconds / 1e6).toFixed(1);
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
