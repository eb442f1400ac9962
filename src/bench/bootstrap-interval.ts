import { median } from "./median.ts";

/**
 * The percentile bootstrap interval of the median of `values`: resample them
 * with replacement `resamples` times, take the median of each resample, and
 * cut `(1 - confidence) / 2` off both tails. It needs no assumption about
 * the shape of the noise, which on a shared machine is far from normal.
 * `random` is injected so tests (and reports) are reproducible.
 */
export function bootstrapInterval(
  values: readonly number[],
  random: () => number,
  { resamples = 2000, confidence = 0.95 } = {},
): [number, number] {
  return bootstrapStatistic([values], ([sample]) => median(sample as number[]), random, {
    resamples,
    confidence,
  });
}

/**
 * The percentile bootstrap of any statistic of one or more groups, each
 * resampled on its own (for two unpaired groups: the ratio of their medians).
 */
export function bootstrapStatistic(
  groups: readonly (readonly number[])[],
  statistic: (resampled: number[][]) => number,
  random: () => number,
  { resamples = 2000, confidence = 0.95 } = {},
): [number, number] {
  if (groups.some((group) => group.length === 0)) {
    throw new RangeError("bootstrap of an empty group");
  }
  const estimates: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const resampled = groups.map((group) =>
      Array.from(
        { length: group.length },
        () => group[Math.floor(random() * group.length)] as number,
      ),
    );
    estimates.push(statistic(resampled));
  }
  estimates.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return [quantile(estimates, tail), quantile(estimates, 1 - tail)];
}

/** The `p` quantile of sorted values, interpolating between neighbours. */
export function quantile(sorted: readonly number[], p: number): number {
  const at = p * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (at - low);
}
