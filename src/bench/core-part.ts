import type { Metric } from "./bench-report.ts";

/** What one part of the `core` scenario gets from the dispatcher (core-measure.ts). */
export interface CorePartRun {
  samples: number;
  progress: (line: string) => void;
  /** Reports a figure as soon as it is measured. */
  add: (m: Metric) => void;
  /** For `half`: the tcp part's maximum rate, jobs/s. */
  maxRate: number;
}

/** Measures one part, reporting its figures through `run.add`. */
export type CorePartMeasure = (run: CorePartRun) => Promise<void>;

/** The value at fraction `p` (0 to 1) of `values` sorted; NaN for none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}
