import { describe, expect, it } from "vitest";
import { metric } from "../../src/bench/bench-report.ts";
import { median } from "../../src/bench/median.ts";

describe("median", () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[1, 1000, 2], 2],
  ])("of %j is %d", (samples, expected) => {
    expect(median(samples)).toBe(expected);
  });

  it("leaves the samples in their order", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it("refuses no samples", () => {
    expect(() => median([])).toThrow(RangeError);
  });

  it("fills a metric's median", () => {
    expect(metric("x.y", "s", "lower", [2, 9, 1])).toEqual({
      id: "x.y",
      unit: "s",
      better: "lower",
      samples: [2, 9, 1],
      median: 2,
    });
  });
});
