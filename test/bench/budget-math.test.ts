import { describe, expect, it } from "vitest";
import {
  describeHits,
  hitsSince,
  mergeCeiling,
  percentile,
  perMinute,
  secondaryHits,
} from "../../src/bench/budget-math.ts";

describe("the budget scenario's arithmetic", () => {
  it("takes percentiles by nearest rank", () => {
    const values = [5, 1, 4, 2, 3];
    expect(percentile(values, 50)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 100)).toBe(5);
    expect(percentile(values, 1)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(() => percentile([], 50)).toThrow(/no values/);
    expect(() => percentile([1], 0)).toThrow(/not in/);
  });

  it("turns counts into rates and ceilings", () => {
    expect(perMinute(200, 300_000)).toBe(40);
    expect(perMinute(1, 30_000)).toBe(2);
    expect(() => perMinute(1, 0)).toThrow(/positive/);
    // 80 writes a minute, a check run and a merge per pull request: 40 merges a minute.
    expect(mergeCeiling(80, 2)).toBe(40);
    expect(mergeCeiling(80, 2.5)).toBe(32);
    expect(() => mergeCeiling(80, 0)).toThrow(/no writes/);
  });

  it("sums the secondary limits' hits, not the primary's", () => {
    const hits = {
      primary: 3,
      concurrent: 1,
      restPointsPerMinute: 0,
      graphqlPointsPerMinute: 0,
      contentPerMinute: 2,
      contentPerHour: 1,
    };
    expect(secondaryHits(hits)).toBe(4);
    expect(describeHits(hits)).toBe("concurrent 1, contentPerMinute 2, contentPerHour 1");
    expect(describeHits({ primary: 2, concurrent: 0 })).toBe("none");
    expect(
      hitsSince({ primary: 1, concurrent: 1 }, { primary: 3, concurrent: 1, contentPerMinute: 2 }),
    ).toEqual({
      primary: 2,
      concurrent: 0,
      contentPerMinute: 2,
    });
  });
});
