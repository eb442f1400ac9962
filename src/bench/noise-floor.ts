import { median } from "./median.ts";

/** Changes under 1% are never called: no benchmark here resolves them. */
export const MIN_NOISE_FLOOR = 0.01;

/** 1 / (Φ⁻¹(0.75) · √2): turns the median |difference| of two draws into a standard deviation. */
const MAD_OF_DIFFERENCES_TO_SIGMA = 1 / (0.6745 * Math.SQRT2);

/**
 * The relative change (0.05 = 5%) that the base alone shows from one
 * measurement to the next: two standard deviations of a single round's
 * jitter, estimated from the ratios of consecutive base values (robustly:
 * the median of their absolute logarithms). Consecutive values, not all of
 * them against their median, so slow drift of the machine over a long run
 * does not count as noise: the pairing already cancels it.
 *
 * With fewer than two values there is no spread to read: Infinity, so no
 * change is ever called on a single measurement.
 */
export function noiseFloor(baseValues: readonly number[], minimum = MIN_NOISE_FLOOR): number {
  return floorFromSteps(logSteps(baseValues), minimum);
}

/**
 * The noise floor of an interleaved metric, by the same rule: two standard
 * deviations of a round's value. A round's value is the median of its S
 * samples, taken a second or two apart as the two sides of a pair were, so
 * its jitter is that of one sample (read, as above, from the steps between
 * consecutive samples of the base within each round, pooled over rounds)
 * times √(π/2)/√S, the spread of a median of S draws. The rounds' medians
 * themselves, minutes apart, also move with the machine's load, which the
 * interleaving cancels and the floor must not count.
 */
export function interleavedNoiseFloor(
  rounds: readonly (readonly number[])[],
  minimum = MIN_NOISE_FLOOR,
): number {
  const steps = rounds.flatMap(logSteps);
  if (steps.length === 0) return Number.POSITIVE_INFINITY;
  const perRound = Math.min(...rounds.filter((round) => round.length > 1).map((r) => r.length));
  const sigma = median(steps) * MAD_OF_DIFFERENCES_TO_SIGMA * Math.sqrt(Math.PI / 2 / perRound);
  return Math.max(minimum, Math.exp(2 * sigma) - 1);
}

function logSteps(values: readonly number[]): number[] {
  const steps: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1] as number;
    const b = values[i] as number;
    if (a > 0 && b > 0) steps.push(Math.abs(Math.log(b / a)));
  }
  return steps;
}

function floorFromSteps(steps: readonly number[], minimum: number): number {
  if (steps.length === 0) return Number.POSITIVE_INFINITY;
  const sigma = median(steps) * MAD_OF_DIFFERENCES_TO_SIGMA;
  return Math.max(minimum, Math.exp(2 * sigma) - 1);
}
