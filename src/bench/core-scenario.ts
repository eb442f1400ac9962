import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CORE_NODE_FLAGS } from "../core/gc-tuning.ts";
import { type Metric, metric } from "./bench-report.ts";
import { bullmqSkipReason } from "./bullmq-baseline.ts";
import { type CorePart, coreParts } from "./core-measure.ts";
import type { Scenario } from "./scenario.ts";

// Compiled beside this file (.js in dist, .ts under tsx).
const childScript = fileURLToPath(
  new URL(`./core-child${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/**
 * The messaging core (issue 4), with the baselines measured in the same run:
 * throughput inproc and with 2 worker processes over tcp, latency with one
 * job in flight and at half the maximum rate, a 1,000-job burst over 10 keys,
 * resident memory under load, raw zeromq.js echo with 32 in flight, and the
 * in-process queue (LocalQueue) doing the same work, and BullMQ on a private
 * redis-server when one is installed (bullmq-baseline.ts). Each part runs in a
 * child process that loads only the core and the bench code (core-child.ts),
 * so the CLI's Probot and fastify weigh on neither its CPU nor its memory.
 * Loopback only; each part stops by itself.
 */
export const coreScenario: Scenario = {
  name: "core",
  description: "the ZeroMQ job core against raw zeromq.js, LocalQueue and BullMQ",
  async run({ progress, samples }) {
    const metrics: Metric[] = [];
    for (const part of coreParts) {
      const skip = part === "bullmq" ? bullmqSkipReason() : undefined;
      if (skip) {
        progress(`core: baseline.bullmq skipped: ${skip}`);
        continue;
      }
      // Half the maximum rate: the tcp throughput this run reports (the
      // median of its saturated samples). It was the best sample; with
      // samples timed after a lead-in the best one strayed furthest (63.6k
      // against a median of 49.7k in one run), so the half-rate load, and
      // the memory it takes, followed the luckiest sample, not the rate.
      const max = metrics.find((m) => m.id === "core.tcp.throughput")?.median ?? Number.NaN;
      metrics.push(...(await runPart(part, samples, progress, part === "half" ? [max] : [])));
    }
    const ratios = coreRatios(metrics);
    for (const m of ratios) progress(`core: ${m.id} = ${m.median.toFixed(3)}`);
    return [...metrics, ...ratios];
  },
};

/**
 * The core against its baselines, from the medians of one run's metrics
 * (every part's but BullMQ's, which needs a redis-server). Throughput
 * ratios: higher is better. Latencies over the raw floors they cross: lower
 * is better, and steadier than the latencies, since the raw round trip's
 * p50 alone moved from 0.184 to 0.235 ms between runs of one session
 * (docs/core-measurements.md). core.ratio.inproc_vs_promise_queue comes
 * from the inproc part, pair by pair.
 */
export function coreRatios(metrics: readonly Metric[]): Metric[] {
  const median = (id: string) => metrics.find((m) => m.id === id)?.median ?? Number.NaN;
  const ratio = (id: string, better: Metric["better"], figure: string, baseline: string) =>
    metric(id, "ratio", better, [median(figure) / median(baseline)]);
  const ratios = [
    ratio("core.ratio.tcp_vs_echo32", "higher", "core.tcp.throughput", "baseline.zmq.tcp.echo32"),
    ratio(
      "core.ratio.inproc_vs_echo32",
      "higher",
      "core.inproc.throughput",
      "baseline.zmq.inproc.echo32",
    ),
    ratio(
      "core.ratio.latency_p50_vs_rtt",
      "lower",
      "core.tcp.latency.p50",
      "baseline.zmq.tcp.rtt.p50",
    ),
    ratio(
      "core.ratio.latency_p99_vs_rtt",
      "lower",
      "core.tcp.latency.p99",
      "baseline.zmq.tcp.rtt.p99",
    ),
    ratio(
      "core.ratio.half_rate_p99_vs_paced",
      "lower",
      "core.tcp.latency.half_rate.p99",
      "baseline.zmq.tcp.paced.p99",
    ),
  ];
  // The target: at least 2. Only when Redis was there to measure BullMQ.
  if (metrics.some((m) => m.id === "baseline.bullmq")) {
    ratios.push(
      ratio("core.ratio.tcp_vs_bullmq", "higher", "core.tcp.throughput", "baseline.bullmq"),
    );
  }
  return ratios;
}

function runPart(
  part: CorePart,
  samples: number,
  progress: (line: string) => void,
  extra: number[],
) {
  return new Promise<Metric[]>((resolve, reject) => {
    // Started as `c4bot` is (gc-tuning.ts); its worker processes inherit the flags.
    const child = fork(childScript, [part, String(samples), ...extra.map(String)], {
      stdio: "inherit",
      execArgv: [...process.execArgv, ...CORE_NODE_FLAGS],
    });
    let metrics: Metric[] | undefined;
    child.on("message", (message: { progress?: string; metrics?: Metric[] }) => {
      if (message.progress) progress(message.progress);
      if (message.metrics) metrics = message.metrics;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (metrics) resolve(metrics);
      else reject(new Error(`[c4bot] bench: core part ${part} exited (${code ?? signal})`));
    });
  });
}
