import { describe, expect, it } from "vitest";
import { interleavedNoiseFloor, MIN_NOISE_FLOOR, noiseFloor } from "../../src/bench/noise-floor.ts";

describe("noiseFloor", () => {
  it("is the minimum for a metric that never moves", () => {
    expect(noiseFloor([20, 20, 20, 20])).toBe(MIN_NOISE_FLOOR);
    expect(noiseFloor([20, 20], 0.05)).toBe(0.05);
  });

  it("is infinite with no spread to read: one value calls nothing", () => {
    expect(noiseFloor([100])).toBe(Number.POSITIVE_INFINITY);
    expect(noiseFloor([])).toBe(Number.POSITIVE_INFINITY);
    expect(noiseFloor([0, 0, 0])).toBe(Number.POSITIVE_INFINITY);
  });

  it("is two standard deviations of the round-to-round jitter", () => {
    // Every step is ±10% in log terms: median |step| = ln(1.1).
    const values = [100, 110, 100, 110, 100];
    const sigma = Math.log(1.1) / (0.6745 * Math.SQRT2);
    expect(noiseFloor(values)).toBeCloseTo(Math.exp(2 * sigma) - 1, 10);
    expect(noiseFloor(values)).toBeGreaterThan(0.1);
  });

  it("grows with the spread", () => {
    expect(noiseFloor([100, 130, 95, 125, 90])).toBeGreaterThan(
      noiseFloor([100, 103, 99, 102, 100]),
    );
  });

  it("ignores slow drift: only consecutive values are compared", () => {
    // A machine slowing 2% per round: the floor follows the 2% steps,
    // not the 8% between the first round and the last.
    const drifting = [100, 98, 96, 94, 92];
    expect(noiseFloor(drifting)).toBeLessThan(0.06);
  });

  it("is robust to one outlier round", () => {
    const calm = [100, 101, 100, 101, 100, 101, 100];
    const withOutlier = [100, 101, 100, 160, 100, 101, 100];
    expect(noiseFloor(withOutlier)).toBeLessThan(noiseFloor(calm) * 3);
  });
});

describe("interleavedNoiseFloor", () => {
  it("pools the steps within each round and never steps from one round to the next", () => {
    // Within rounds every step is ±10%; between rounds the level doubles.
    const rounds = [
      [100, 110, 100, 110],
      [200, 220, 200, 220],
      [400, 440, 400, 440],
    ];
    const sigma = Math.log(1.1) / (0.6745 * Math.SQRT2);
    // A round's value is the median of its 4 samples: √(π/2)/√4 of one sample's jitter.
    const expected = Math.exp(2 * sigma * Math.sqrt(Math.PI / 2 / 4)) - 1;
    expect(interleavedNoiseFloor(rounds)).toBeCloseTo(expected, 10);
    expect(interleavedNoiseFloor(rounds)).toBeLessThan(noiseFloor([100, 110, 100, 110]));
    expect(interleavedNoiseFloor(rounds)).toBeLessThan(noiseFloor([105, 210, 420]));
  });

  it("shrinks with more samples per round", () => {
    const jitter = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 100 : 108));
    expect(interleavedNoiseFloor([jitter(9), jitter(9)])).toBeLessThan(
      interleavedNoiseFloor([jitter(3), jitter(3)]),
    );
  });

  it("is infinite without two samples in any round, and at least the minimum", () => {
    expect(interleavedNoiseFloor([[100], [200]])).toBe(Number.POSITIVE_INFINITY);
    expect(interleavedNoiseFloor([])).toBe(Number.POSITIVE_INFINITY);
    expect(interleavedNoiseFloor([[5, 5, 5]], 0.02)).toBe(0.02);
  });
});
