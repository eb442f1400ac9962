import type { BenchReport, Metric } from "./bench-report.ts";
import { bootstrapInterval, bootstrapStatistic } from "./bootstrap-interval.ts";
import type { Comparison, ComparisonMethod, MetricComparison, Verdict } from "./comparison.ts";
import { median } from "./median.ts";
import { interleavedNoiseFloor, MIN_NOISE_FLOOR, noiseFloor } from "./noise-floor.ts";
import { seededRandom } from "./seeded-random.ts";

export interface CompareOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
  minNoiseFloor?: number;
  minPairs?: number;
  /** Recorded in the method when the reports merge `bench ab` rounds. */
  rounds?: number;
}

/**
 * Base against head, metric by metric. When both sides hold the same number
 * of samples of a metric, sample i of one is paired with sample i of the
 * other (for `bench ab` they are the medians of round i, measured
 * back to back), and the ratio is the median of the pair ratios: whatever
 * slowed the machine during a round slowed both sides of its pair, so it
 * cancels. Otherwise the sides are compared unpaired (ratio of medians,
 * each side resampled on its own).
 *
 * A change is called only when the 95% interval of the ratio excludes 1
 * (the effect is real) and the ratio is beyond the base's own noise floor
 * (it is large enough to matter on this machine). See docs/benchmarks.md.
 */
export function compareReports(
  base: BenchReport,
  head: BenchReport,
  options: CompareOptions = {},
): Comparison {
  const method: ComparisonMethod = {
    paired: true,
    confidence: options.confidence ?? 0.95,
    resamples: options.resamples ?? 2000,
    seed: options.seed ?? 1,
    minNoiseFloor: options.minNoiseFloor ?? MIN_NOISE_FLOOR,
    minPairs: options.minPairs ?? 3,
    ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
  };
  const ids = [...new Set([...base.metrics, ...head.metrics].map((m) => m.id))];
  const metrics = ids.map((id) =>
    compareMetric(
      base.metrics.find((m) => m.id === id),
      head.metrics.find((m) => m.id === id),
      method,
    ),
  );
  method.paired = metrics.every((m) => m.verdict === "missing" || isPaired(m));
  return {
    version: 1,
    kind: "comparison",
    summary: summarise(metrics),
    method,
    base: { environment: base.environment },
    head: { environment: head.environment },
    metrics,
  };
}

function isPaired(m: MetricComparison): boolean {
  return m.base?.samples.length === m.head?.samples.length;
}

export function compareMetric(
  base: Metric | undefined,
  head: Metric | undefined,
  method: ComparisonMethod,
): MetricComparison {
  const any = (base ?? head) as Metric;
  const side = (m: Metric | undefined) => (m ? { samples: m.samples, median: m.median } : null);
  const result: MetricComparison = {
    id: any.id,
    unit: any.unit,
    better: any.better,
    base: side(base),
    head: side(head),
    ratio: null,
    interval: null,
    noiseFloor: null,
    pairs: 0,
    verdict: "missing",
  };
  if (!base || !head) return result;
  // Seeded per metric, so adding a metric does not change another's interval.
  const random = seededRandom(method.seed ^ hash(any.id));
  const options = { resamples: method.resamples, confidence: method.confidence };
  if (base.samples.length === head.samples.length) {
    const ratios = roundRatios(base, head);
    result.pairs = ratios.length;
    if (ratios.length > 0) {
      result.ratio = median(ratios);
      result.interval = bootstrapInterval(ratios, random, options);
    }
  } else {
    result.pairs = Math.min(base.samples.length, head.samples.length);
    const r = ratio(median(base.samples), median(head.samples));
    if (r !== null && result.pairs > 0) {
      result.ratio = r;
      result.interval = bootstrapStatistic(
        [base.samples, head.samples],
        ([b, h]) => ratio(median(b as number[]), median(h as number[])) ?? Number.NaN,
        random,
        options,
      );
    }
  }
  const floor = base.rounds
    ? interleavedNoiseFloor(base.rounds, method.minNoiseFloor)
    : noiseFloor(base.samples, method.minNoiseFloor);
  result.noiseFloor = Number.isFinite(floor) ? floor : null;
  result.verdict =
    result.ratio === null || result.interval === null || result.pairs < method.minPairs
      ? "no change"
      : verdictFor(result.ratio, result.interval, floor, any.better);
  return result;
}

/**
 * One ratio per pair of rounds. Interleaved rounds (both sides kept their
 * own samples, taken step by step side by side) compare step by step: the
 * median of head_i/base_i over the steps, so what the machine did during a
 * step, a second long, cancels too. Otherwise the round values' ratio.
 */
function roundRatios(base: Metric, head: Metric): number[] {
  const ratios: number[] = [];
  base.samples.forEach((b, r) => {
    const baseSteps = base.rounds?.[r];
    const headSteps = head.rounds?.[r];
    if (baseSteps && headSteps && baseSteps.length === headSteps.length) {
      const steps: number[] = [];
      baseSteps.forEach((value, i) => {
        const step = ratio(value, headSteps[i] as number);
        if (step !== null) steps.push(step);
      });
      if (steps.length > 0) ratios.push(median(steps));
      return;
    }
    const whole = ratio(b, head.samples[r] as number);
    if (whole !== null) ratios.push(whole);
  });
  return ratios;
}

/**
 * head/base, or null when it means nothing (a zero or non-finite base).
 * Equal values are 1 even when both are zero (a count that stayed at 0).
 */
export function ratio(base: number, head: number): number | null {
  if (base === head && Number.isFinite(base)) return 1;
  if (!Number.isFinite(base) || !Number.isFinite(head) || base <= 0 || head < 0) return null;
  return head / base;
}

/**
 * The verdict rule: a change only when the interval excludes 1 and the
 * ratio lies beyond the noise floor, in log space so that 0.8 and 1.25 are
 * the same size of change. Its direction follows `better`.
 */
export function verdictFor(
  ratio: number,
  interval: readonly [number, number],
  floor: number,
  better: Metric["better"],
): Verdict {
  const [low, high] = interval;
  const significant = low > 1 || high < 1;
  const large = Math.abs(Math.log(ratio)) > Math.log1p(floor);
  if (!significant || !large) return "no change";
  const up = ratio > 1;
  return up === (better === "higher") ? "faster" : "slower";
}

/**
 * How much worse head is, in percent of base, in the metric's direction:
 * 20 for throughput at 0.8x or latency at 1.2x; negative for an improvement.
 */
export function slowdownPercent(m: Pick<MetricComparison, "ratio" | "better">): number {
  if (m.ratio === null) return 0;
  return (m.better === "higher" ? 1 - m.ratio : m.ratio - 1) * 100;
}

/** The metrics called `slower` by more than `percent` (`--fail-on-slowdown`). */
export function slowdownsBeyond(comparison: Comparison, percent: number): MetricComparison[] {
  return comparison.metrics.filter((m) => m.verdict === "slower" && slowdownPercent(m) > percent);
}

/** The report's first line: "no significant change" or "2 metrics slower, 1 faster". */
export function summarise(metrics: readonly MetricComparison[]): string {
  const count = (verdict: Verdict) => metrics.filter((m) => m.verdict === verdict).length;
  const slower = count("slower");
  const faster = count("faster");
  const missing = count("missing");
  const metricsWord = (n: number) => `${n} ${n === 1 ? "metric" : "metrics"}`;
  const parts: string[] = [];
  if (slower > 0) parts.push(`${metricsWord(slower)} slower`);
  if (faster > 0) parts.push(slower > 0 ? `${faster} faster` : `${metricsWord(faster)} faster`);
  const main = parts.length > 0 ? parts.join(", ") : "no significant change";
  return missing > 0 ? `${main} (${missing} measured on one side only)` : main;
}

/** A small stable string hash (FNV-1a), to derive a per-metric seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
