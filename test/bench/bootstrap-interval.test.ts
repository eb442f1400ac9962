import { describe, expect, it } from "vitest";
import {
  bootstrapInterval,
  bootstrapStatistic,
  quantile,
} from "../../src/bench/bootstrap-interval.ts";
import { median } from "../../src/bench/median.ts";
import { seededRandom } from "../../src/bench/seeded-random.ts";

describe("bootstrapInterval", () => {
  it("is reproducible with the same seed and differs with another", () => {
    const draw = seededRandom(99);
    const values = Array.from({ length: 40 }, () => 0.9 + draw() * 0.2);
    const a = bootstrapInterval(values, seededRandom(7), { resamples: 100 });
    const b = bootstrapInterval(values, seededRandom(7), { resamples: 100 });
    const c = bootstrapInterval(values, seededRandom(8), { resamples: 100 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it("brackets the median and stays within the data", () => {
    const values = [0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2];
    const [low, high] = bootstrapInterval(values, seededRandom(1));
    expect(low).toBeLessThan(median(values));
    expect(high).toBeGreaterThan(median(values));
    expect(low).toBeGreaterThanOrEqual(0.8);
    expect(high).toBeLessThanOrEqual(1.2);
  });

  it("collapses to a point when every value is equal", () => {
    expect(bootstrapInterval([1.25, 1.25, 1.25], seededRandom(3))).toEqual([1.25, 1.25]);
  });

  it("narrows with more data of the same spread", () => {
    const random = seededRandom(5);
    const noisy = (n: number) => Array.from({ length: n }, () => 1 + (random() - 0.5) * 0.2);
    const width = ([low, high]: [number, number]) => high - low;
    const few = width(bootstrapInterval(noisy(5), seededRandom(1)));
    const many = width(bootstrapInterval(noisy(200), seededRandom(1)));
    expect(many).toBeLessThan(few);
  });

  it("covers the true median about 95% of the time", () => {
    // 200 experiments of 15 draws from a uniform on [0.9, 1.1], true median 1.
    const draw = seededRandom(11);
    let covered = 0;
    for (let experiment = 0; experiment < 200; experiment++) {
      const values = Array.from({ length: 15 }, () => 0.9 + draw() * 0.2);
      const [low, high] = bootstrapInterval(values, seededRandom(experiment + 1), {
        resamples: 500,
      });
      if (low <= 1 && high >= 1) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(180);
    expect(covered).toBeLessThanOrEqual(200);
  });

  it("resamples groups independently for an unpaired statistic", () => {
    const [low, high] = bootstrapStatistic(
      [
        [10, 10, 10],
        [20, 20, 20],
      ],
      ([a, b]) => median(b as number[]) / median(a as number[]),
      seededRandom(1),
    );
    expect([low, high]).toEqual([2, 2]);
  });

  it("refuses an empty group", () => {
    expect(() => bootstrapInterval([], seededRandom(1))).toThrow(RangeError);
  });
});

describe("quantile", () => {
  it("interpolates between neighbours", () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2], 0.5)).toBe(1.5);
    expect(quantile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5], 1)).toBe(5);
    expect(quantile([0, 10], 0.025)).toBeCloseTo(0.25);
  });
});
