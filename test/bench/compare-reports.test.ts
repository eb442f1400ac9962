import { describe, expect, it } from "vitest";
import type { BenchReport, Metric } from "../../src/bench/bench-report.ts";
import { metric } from "../../src/bench/bench-report.ts";
import {
  compareReports,
  ratio,
  slowdownPercent,
  slowdownsBeyond,
  summarise,
  verdictFor,
} from "../../src/bench/compare-reports.ts";
import type { MetricComparison } from "../../src/bench/comparison.ts";
import { mergeRounds } from "../../src/bench/merge-rounds.ts";

const environment = {
  cpu: "Test CPU",
  cores: 2,
  node: "v20.20.0",
  commit: "abc",
  date: "2025-01-01T00:00:00.000Z",
};

function report(...metrics: Metric[]): BenchReport {
  return { version: 1, environment, metrics };
}

/** Base values with ±3% jitter, and head the same rounds scaled by `factor` with its own jitter. */
const base = [1000, 1030, 985, 1010, 1025, 990, 1005, 1020];
const jitter = [1.01, 0.98, 1.02, 0.99, 1.0, 1.01, 0.99, 1.02];
const head = (factor: number) => base.map((b, i) => b * factor * (jitter[i] as number));

describe("ratio", () => {
  it("is head/base, 1 for equal values (zeros included), null when it means nothing", () => {
    expect(ratio(100, 80)).toBe(0.8);
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(5, 5)).toBe(1);
    expect(ratio(0, 3)).toBeNull();
    expect(ratio(Number.NaN, 3)).toBeNull();
    expect(ratio(3, Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe("verdictFor", () => {
  it("calls a change only when the interval excludes 1 and the effect passes the floor", () => {
    expect(verdictFor(0.8, [0.75, 0.85], 0.05, "higher")).toBe("slower");
    expect(verdictFor(1.25, [1.2, 1.3], 0.05, "higher")).toBe("faster");
    // Interval includes 1: not significant, however large.
    expect(verdictFor(0.8, [0.6, 1.01], 0.05, "higher")).toBe("no change");
    // Significant but inside the noise floor.
    expect(verdictFor(0.97, [0.96, 0.98], 0.05, "higher")).toBe("no change");
    // An infinite floor (no spread known) never calls.
    expect(verdictFor(0.5, [0.4, 0.6], Number.POSITIVE_INFINITY, "higher")).toBe("no change");
  });

  it("honours the direction of better", () => {
    // Latency up 25%: slower; down 20%: faster.
    expect(verdictFor(1.25, [1.2, 1.3], 0.05, "lower")).toBe("slower");
    expect(verdictFor(0.8, [0.75, 0.85], 0.05, "lower")).toBe("faster");
  });

  it("measures the effect in log space: 0.8 and 1.25 are the same size", () => {
    const floor = 0.249;
    expect(verdictFor(0.8, [0.7, 0.9], floor, "higher")).toBe("slower");
    expect(verdictFor(1.25, [1.1, 1.3], floor, "higher")).toBe("faster");
    expect(verdictFor(0.8, [0.7, 0.9], 0.251, "higher")).toBe("no change");
    expect(verdictFor(1.25, [1.1, 1.3], 0.251, "higher")).toBe("no change");
  });
});

describe("compareReports", () => {
  it("calls an unchanged build no change", () => {
    const result = compareReports(
      report(metric("x.throughput", "jobs/s", "higher", base)),
      report(metric("x.throughput", "jobs/s", "higher", head(1))),
    );
    const [m] = result.metrics;
    expect(m?.verdict).toBe("no change");
    expect(m?.pairs).toBe(8);
    expect(m?.interval?.[0]).toBeLessThanOrEqual(1);
    expect(m?.interval?.[1]).toBeGreaterThanOrEqual(1);
    expect(result.summary).toBe("no significant change");
    expect(result.method.paired).toBe(true);
  });

  it("calls a 20% throughput loss slower and a 20% latency cut faster", () => {
    const result = compareReports(
      report(
        metric("x.throughput", "jobs/s", "higher", base),
        metric("x.latency", "ms", "lower", base),
      ),
      report(
        metric("x.throughput", "jobs/s", "higher", head(0.8)),
        metric("x.latency", "ms", "lower", head(0.8)),
      ),
    );
    const [throughput, latency] = result.metrics as [MetricComparison, MetricComparison];
    expect(throughput.verdict).toBe("slower");
    expect(throughput.ratio).toBeCloseTo(0.8 * 1.0, 1);
    expect(throughput.interval?.[1]).toBeLessThan(1);
    expect(latency.verdict).toBe("faster");
    expect(result.summary).toBe("1 metric slower, 1 faster");
  });

  it("pairs sample i with sample i, so drift common to a pair cancels", () => {
    // The machine slows 2% a round (10% over the run); head is 10% slower throughout.
    const drift = [1, 0.98, 0.96, 0.94, 0.92, 0.9];
    const b = drift.map((d) => 1000 * d);
    const h = drift.map((d) => 900 * d);
    const [m] = compareReports(
      report(metric("x", "jobs/s", "higher", b)),
      report(metric("x", "jobs/s", "higher", h)),
    ).metrics;
    expect(m?.ratio).toBeCloseTo(0.9, 10);
    expect(m?.interval).toEqual([expect.closeTo(0.9, 10), expect.closeTo(0.9, 10)]);
    expect(m?.verdict).toBe("slower");
  });

  it("does not call a change the base's own spread explains", () => {
    // Base jumps ±15% round to round; head is 5% lower in every pair.
    const b = [1000, 1150, 980, 1140, 990, 1160];
    const h = b.map((v) => v * 0.95);
    const [m] = compareReports(
      report(metric("x", "jobs/s", "higher", b)),
      report(metric("x", "jobs/s", "higher", h)),
    ).metrics;
    expect(m?.interval?.[1]).toBeLessThan(1);
    expect(m?.noiseFloor).toBeGreaterThan(0.05);
    expect(m?.verdict).toBe("no change");
  });

  it("needs minPairs pairs for a verdict", () => {
    const result = compareReports(
      report(metric("x", "jobs/s", "higher", [100, 101])),
      report(metric("x", "jobs/s", "higher", [50, 51])),
    );
    expect(result.metrics[0]?.verdict).toBe("no change");
    const allowed = compareReports(
      report(metric("x", "jobs/s", "higher", [100, 101])),
      report(metric("x", "jobs/s", "higher", [50, 51])),
      { minPairs: 2 },
    );
    expect(allowed.metrics[0]?.verdict).toBe("slower");
  });

  it("compares unpaired when the sample counts differ", () => {
    const result = compareReports(
      report(metric("x", "ms", "lower", [10, 11, 10, 11, 10])),
      report(metric("x", "ms", "lower", [20, 21, 20])),
    );
    expect(result.method.paired).toBe(false);
    expect(result.metrics[0]?.ratio).toBeCloseTo(20 / 10, 10);
    expect(result.metrics[0]?.verdict).toBe("slower");
  });

  it("marks metrics measured on one side only as missing", () => {
    const result = compareReports(
      report(metric("old", "s", "lower", [1, 1, 1])),
      report(metric("new", "s", "lower", [1, 1, 1])),
    );
    expect(result.metrics.map((m) => [m.id, m.verdict, m.base === null, m.head === null])).toEqual([
      ["old", "missing", false, true],
      ["new", "missing", true, false],
    ]);
    expect(result.summary).toBe("no significant change (2 measured on one side only)");
  });

  it("gives the same intervals with the same seed, whatever other metrics exist", () => {
    const one = compareReports(
      report(metric("x", "jobs/s", "higher", base)),
      report(metric("x", "jobs/s", "higher", head(0.97))),
      { seed: 3 },
    );
    const two = compareReports(
      report(metric("a", "jobs/s", "higher", base), metric("x", "jobs/s", "higher", base)),
      report(metric("a", "jobs/s", "higher", base), metric("x", "jobs/s", "higher", head(0.97))),
      { seed: 3 },
    );
    expect(two.metrics[1]?.interval).toEqual(one.metrics[0]?.interval);
  });
});

describe("slowdowns", () => {
  const comparison = compareReports(
    report(metric("t", "jobs/s", "higher", base), metric("l", "ms", "lower", base)),
    report(metric("t", "jobs/s", "higher", head(0.8)), metric("l", "ms", "lower", head(1.1))),
  );

  it("measures how much worse head is in the metric's direction", () => {
    expect(slowdownPercent({ ratio: 0.8, better: "higher" })).toBeCloseTo(20);
    expect(slowdownPercent({ ratio: 1.1, better: "lower" })).toBeCloseTo(10);
    expect(slowdownPercent({ ratio: 1.1, better: "higher" })).toBeCloseTo(-10);
  });

  it("lists the slower metrics beyond the threshold (--fail-on-slowdown)", () => {
    expect(comparison.metrics.map((m) => m.verdict)).toEqual(["slower", "slower"]);
    expect(slowdownsBeyond(comparison, 5).map((m) => m.id)).toEqual(["t", "l"]);
    expect(slowdownsBeyond(comparison, 15).map((m) => m.id)).toEqual(["t"]);
    expect(slowdownsBeyond(comparison, 30)).toEqual([]);
  });
});

describe("summarise", () => {
  const m = (verdict: MetricComparison["verdict"]) => ({ verdict }) as MetricComparison;
  it("counts the verdicts", () => {
    expect(summarise([m("no change")])).toBe("no significant change");
    expect(summarise([m("slower"), m("slower"), m("no change")])).toBe("2 metrics slower");
    expect(summarise([m("faster")])).toBe("1 metric faster");
    expect(summarise([m("faster"), m("faster"), m("slower")])).toBe("1 metric slower, 2 faster");
  });
});

describe("mergeRounds", () => {
  it("makes each round's median one sample and drops metrics missing from a round", () => {
    const rounds = [
      report(metric("x", "ms", "lower", [3, 1, 2]), metric("y", "ms", "lower", [5])),
      report(metric("x", "ms", "lower", [6, 4, 5])),
    ];
    const { report: merged, dropped } = mergeRounds(rounds);
    expect(merged.metrics).toEqual([metric("x", "ms", "lower", [2, 5])]);
    expect(dropped).toEqual(["y"]);
  });

  it("keeps each round's own samples of an interleaved metric, not of the others", () => {
    const interleaved = (samples: number[]) => ({
      ...metric("w", "jobs/s", "higher", samples),
      interleaved: true,
    });
    const rounds = [
      report(interleaved([10, 12, 11]), metric("x", "ms", "lower", [3])),
      report(interleaved([20, 22, 21]), metric("x", "ms", "lower", [4])),
    ];
    const { report: merged } = mergeRounds(rounds);
    expect(merged.metrics.find((m) => m.id === "w")).toMatchObject({
      samples: [11, 21],
      rounds: [
        [10, 12, 11],
        [20, 22, 21],
      ],
    });
    expect(merged.metrics.find((m) => m.id === "x")?.rounds).toBeUndefined();
  });
});

describe("compareReports on interleaved rounds", () => {
  // The machine's speed swings ±25% from round to round (a shared host), but
  // within a round the samples of base agree within about 2%.
  const swing = [1, 1.25, 0.8, 1.2, 0.78];
  const within = [1, 1.02, 0.99, 1.01, 0.98, 1.02];
  const rounds = (factor: number) =>
    swing.map((s, r) => within.map((w, i) => 1000 * s * factor * w * (1 + 0.003 * ((r + i) % 3))));
  const merged = (factor: number): Metric => {
    const all = rounds(factor);
    return {
      ...metric(
        "w",
        "jobs/s",
        "higher",
        all.map((r) => [...r].sort((a, b) => a - b)[3] as number),
      ),
      rounds: all,
    };
  };

  it("reads the noise floor from the samples within rounds, not from the swing between them", () => {
    const [m] = compareReports(report(merged(1)), report(merged(0.8))).metrics;
    expect(m?.noiseFloor).toBeLessThan(0.1);
    expect(m?.verdict).toBe("slower");
    // The same rounds without their own samples: the swing makes the floor too high to call it.
    const plain = (factor: number) => ({ ...merged(factor), rounds: undefined });
    const [without] = compareReports(report(plain(1)), report(plain(0.8))).metrics;
    expect(without?.noiseFloor).toBeGreaterThan(0.25);
    expect(without?.verdict).toBe("no change");
  });

  it("compares interleaved rounds step by step: the median of the step ratios", () => {
    const side = (rounds: number[][]): Metric => ({
      ...metric(
        "w",
        "jobs/s",
        "higher",
        rounds.map((r) => [...r].sort((a, b) => a - b)[1] as number),
      ),
      rounds,
    });
    const base = side([
      [100, 200, 100],
      [100, 200, 100],
      [100, 200, 100],
    ]);
    const head = side([
      [95, 180, 96],
      [95, 180, 96],
      [95, 180, 96],
    ]);
    const [m] = compareReports(report(base), report(head)).metrics;
    // Step ratios 0.95, 0.90, 0.96: median 0.95 (the rounds' medians would say 0.96).
    expect(m?.ratio).toBeCloseTo(0.95, 10);
    expect(m?.pairs).toBe(3);
  });

  it("still calls an unchanged build no change", () => {
    const [m] = compareReports(report(merged(1)), report(merged(1.005))).metrics;
    expect(m?.verdict).toBe("no change");
  });
});
