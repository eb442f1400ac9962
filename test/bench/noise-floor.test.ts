import { describe, expect, it } from "vitest";
import { MIN_NOISE_FLOOR, noiseFloor } from "../../src/bench/noise-floor.ts";

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
