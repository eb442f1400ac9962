import type { BenchEnvironment, Metric } from "./bench-report.ts";

/**
 * What a comparison says of one metric. `slower` means worse in the metric's
 * own direction (`better`): lower throughput, or higher latency or memory.
 * `missing`: only one side measured it (a new or a removed metric).
 */
export type Verdict = "faster" | "slower" | "no change" | "missing";

/** One metric of base against head. */
export interface MetricComparison {
  id: string;
  unit: string;
  better: Metric["better"];
  /** The base's values in order (one per round for `bench ab`), or null when missing. */
  base: { samples: number[]; median: number } | null;
  head: { samples: number[]; median: number } | null;
  /** head/base: the median of the pair ratios (paired) or the ratio of the medians. */
  ratio: number | null;
  /** The 95% bootstrap interval of `ratio`. */
  interval: [number, number] | null;
  /**
   * The relative change (0.04 = 4%) the base's own spread makes plausible
   * without any change in the code: smaller effects are never called.
   */
  noiseFloor: number | null;
  /** Pairs compared (paired), or the smaller side's sample count (unpaired). */
  pairs: number;
  verdict: Verdict;
}

/** The result of `c4bot bench compare` and `c4bot bench ab`, the input of `bench report`. */
export interface Comparison {
  version: 1;
  kind: "comparison";
  /** e.g. "no significant change", "2 metrics slower, 1 faster". */
  summary: string;
  method: ComparisonMethod;
  base: { environment: BenchEnvironment };
  head: { environment: BenchEnvironment };
  metrics: MetricComparison[];
}

export interface ComparisonMethod {
  /** Sample i of base was measured next to sample i of head (`bench ab` rounds). */
  paired: boolean;
  confidence: number;
  /** Bootstrap resamples. */
  resamples: number;
  /** Seed of the resampling, so a comparison can be reproduced exactly. */
  seed: number;
  /** The smallest noise floor: changes below it are never called. */
  minNoiseFloor: number;
  /** Fewer pairs than this give no verdict but `no change`. */
  minPairs: number;
  /** `bench ab` rounds, when the comparison comes from one. */
  rounds?: number;
}
