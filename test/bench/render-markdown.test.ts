import { describe, expect, it } from "vitest";
import { type BenchReport, metric } from "../../src/bench/bench-report.ts";
import { compareReports } from "../../src/bench/compare-reports.ts";
import {
  formatRatio,
  formatValue,
  renderComparison,
  renderRun,
} from "../../src/bench/render-markdown.ts";

const environment = {
  cpu: "Test CPU @ 2.0GHz",
  cores: 2,
  node: "v20.20.0",
  commit: "0123456789abcdef0123",
  date: "2025-01-01T00:00:00.000Z",
};
const report = (...metrics: ReturnType<typeof metric>[]): BenchReport => ({
  version: 1,
  environment,
  metrics,
});

const base = [1000, 1010, 990, 1005, 995];
const comparison = compareReports(
  report(
    metric("core.tcp.throughput", "jobs/s", "higher", base),
    metric("core.rss", "MB", "lower", [80, 80, 80, 80, 80]),
    metric("gone.metric", "s", "lower", [1, 1, 1]),
  ),
  report(
    metric(
      "core.tcp.throughput",
      "jobs/s",
      "higher",
      base.map((v) => v * 0.7),
    ),
    metric("core.rss", "MB", "lower", [80, 80, 80, 80, 80]),
  ),
  { rounds: 5 },
);

describe("renderComparison", () => {
  const markdown = renderComparison(comparison);
  const lines = markdown.split("\n");

  it("opens with the summary line", () => {
    expect(lines[0]).toBe("### Benchmark: 1 metric slower (1 measured on one side only)");
    expect(markdown).toContain("5 alternating rounds");
  });

  it("has one row per metric, slower first, with ratio, interval and a marker", () => {
    const rows = lines.filter((line) => line.startsWith("| `"));
    // Three in the table, three in the raw samples.
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(
      /^\| `core\.tcp\.throughput` \(jobs\/s, higher is better\) \| 1,000 \| 700 \| 0\.700× \[0\.700, 0\.700\] \| −30\.0% \| ±[0-9.]+% \| 🔴 slower \|$/,
    );
    expect(rows[1]).toContain("| 80 | 80 | 1.000× [1.000, 1.000] | 0.0% | ±1.0% | ⚪ no change |");
    expect(rows[2]).toMatch(
      /^\| `gone\.metric` .*\| 1 \| — \| — \| — \| — \| ➖ one side only \|$/,
    );
  });

  it("folds the environment and every raw sample into a details section", () => {
    const details = markdown.slice(markdown.indexOf("<details>"));
    expect(details).toContain("<summary>Environment, method and raw samples</summary>");
    expect(details).toContain("| commit | `0123456789ab` | `0123456789ab` |");
    expect(details).toContain("| CPU | Test CPU @ 2.0GHz | Test CPU @ 2.0GHz |");
    expect(details).toContain(
      "| `core.tcp.throughput` | 1,000, 1,010, 990, 1,005, 995 | 700, 707, 693, 703.5, 696.5 |",
    );
    expect(markdown.trimEnd().endsWith("</details>")).toBe(true);
  });
});

describe("renderRun", () => {
  it("renders a single run's medians and samples", () => {
    const markdown = renderRun(
      report(metric("check.commits_per_second", "commits/s", "higher", [5, 7, 6])),
    );
    expect(markdown.split("\n")[0]).toBe("### Benchmark: 1 metric measured");
    expect(markdown).toContain("| `check.commits_per_second` | 6 | commits/s | higher | 3 |");
    expect(markdown).toContain("| `check.commits_per_second` | 5, 7, 6 |");
  });
});

describe("formatting", () => {
  it("gives 4 significant digits with separators, and ratio with interval", () => {
    expect(formatValue(12345.678)).toBe("12,350");
    expect(formatValue(0.0123456)).toBe("0.01235");
    expect(formatRatio({ ratio: 0.95321, interval: [0.9, 1.01] })).toBe("0.953× [0.900, 1.010]");
    expect(formatRatio({ ratio: null, interval: null })).toBe("—");
  });
});
