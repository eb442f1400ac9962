import type { Metric } from "./bench-report.ts";
import { baselinesPart } from "./core-baselines-part.ts";
import { bullmqPart } from "./core-bullmq-part.ts";
import { burstPart } from "./core-burst-part.ts";
import { halfPart } from "./core-half-part.ts";
import { inprocPart } from "./core-inproc-part.ts";
import { latencyPart } from "./core-latency-part.ts";
import type { CorePartMeasure } from "./core-part.ts";
import { tcpPart } from "./core-tcp-part.ts";

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

const measures: Record<CorePart, CorePartMeasure> = {
  baselines: baselinesPart,
  inproc: inprocPart,
  tcp: tcpPart,
  latency: latencyPart,
  half: halfPart,
  burst: burstPart,
  bullmq: bullmqPart,
};

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
  };
  await measures[part]({ samples, progress, add, maxRate });
  return metrics;
}

function round(value: number): string {
  return value >= 100 ? String(Math.round(value)) : value.toFixed(3);
}
