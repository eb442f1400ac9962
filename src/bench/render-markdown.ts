import type { BenchEnvironment, BenchReport } from "./bench-report.ts";
import { slowdownPercent } from "./compare-reports.ts";
import type { Comparison, MetricComparison, Verdict } from "./comparison.ts";

/** A marker per verdict that reads at a glance in a PR, with the word for screen readers. */
const markers: Record<Verdict, string> = {
  slower: "🔴 slower",
  faster: "🟢 faster",
  "no change": "⚪ no change",
  missing: "➖ one side only",
};

const significant = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });

/** A measured value: 4 significant digits, thousands separated. */
export function formatValue(value: number): string {
  return Number.isFinite(value) ? significant.format(value) : String(value);
}

/** `0.953× [0.921, 0.987]`. */
export function formatRatio(m: Pick<MetricComparison, "ratio" | "interval">): string {
  if (m.ratio === null) return "—";
  const interval = m.interval ? ` [${m.interval[0].toFixed(3)}, ${m.interval[1].toFixed(3)}]` : "";
  return `${m.ratio.toFixed(3)}×${interval}`;
}

/**
 * The PR comment and job summary for a comparison: the summary line first,
 * then one row per metric (slower ones on top, since they are what a
 * reviewer must look at), then the environment and every sample folded away.
 */
export function renderComparison(comparison: Comparison): string {
  const order: Verdict[] = ["slower", "faster", "no change", "missing"];
  const rows = [...comparison.metrics].sort(
    (a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict),
  );
  const { method } = comparison;
  const lines = [
    `### Benchmark: ${comparison.summary}`,
    "",
    `Head against base, ${method.rounds !== undefined ? `${method.rounds} alternating rounds` : `${method.paired ? "paired" : "unpaired"} samples`}; ratio = head/base with its ${Math.round(method.confidence * 100)}% bootstrap interval. A change is called only when the interval excludes 1 and the change exceeds the base's own noise floor.`,
    "",
    "| Metric | Base | Head | Ratio [95% CI] | Change | Noise floor | Verdict |",
    "| --- | ---: | ---: | --- | ---: | ---: | --- |",
    ...rows.map((m) => {
      const change = m.ratio === null ? "—" : signedPercent(-slowdownPercent(m));
      return `| \`${m.id}\` (${m.unit}, ${m.better} is better) | ${m.base ? formatValue(m.base.median) : "—"} | ${m.head ? formatValue(m.head.median) : "—"} | ${formatRatio(m)} | ${change} | ${m.noiseFloor === null ? "—" : `±${(m.noiseFloor * 100).toFixed(1)}%`} | ${markers[m.verdict]} |`;
    }),
    "",
    "Change is in the metric's good direction: negative means worse.",
    "",
    "<details><summary>Environment, method and raw samples</summary>",
    "",
    renderEnvironments([
      ["base", comparison.base.environment],
      ["head", comparison.head.environment],
    ]),
    "",
    `Method: ${method.resamples} bootstrap resamples (seed ${method.seed}), at least ${method.minPairs} pairs for a verdict, noise floor at least ${(method.minNoiseFloor * 100).toFixed(0)}%.`,
    "",
    "| Metric | Base samples | Head samples |",
    "| --- | --- | --- |",
    ...comparison.metrics.map(
      (m) =>
        `| \`${m.id}\` | ${m.base ? m.base.samples.map(formatValue).join(", ") : "—"} | ${m.head ? m.head.samples.map(formatValue).join(", ") : "—"} |`,
    ),
    "",
    "</details>",
    "",
  ];
  return lines.join("\n");
}

/** A single `bench run` report as Markdown (no comparison: medians and samples). */
export function renderRun(report: BenchReport): string {
  const lines = [
    `### Benchmark: ${report.metrics.length} ${report.metrics.length === 1 ? "metric" : "metrics"} measured`,
    "",
    "| Metric | Median | Unit | Better | Samples |",
    "| --- | ---: | --- | --- | ---: |",
    ...report.metrics.map(
      (m) =>
        `| \`${m.id}\` | ${formatValue(m.median)} | ${m.unit} | ${m.better} | ${m.samples.length} |`,
    ),
    "",
    "<details><summary>Environment and raw samples</summary>",
    "",
    renderEnvironments([["run", report.environment]]),
    "",
    "| Metric | Samples |",
    "| --- | --- |",
    ...report.metrics.map((m) => `| \`${m.id}\` | ${m.samples.map(formatValue).join(", ")} |`),
    "",
    "</details>",
    "",
  ];
  return lines.join("\n");
}

function renderEnvironments(sides: [string, BenchEnvironment][]): string {
  const field = (name: string, pick: (e: BenchEnvironment) => string) =>
    `| ${name} | ${sides.map(([, e]) => pick(e)).join(" | ")} |`;
  return [
    `| | ${sides.map(([name]) => name).join(" | ")} |`,
    `| --- | ${sides.map(() => "---").join(" | ")} |`,
    field("commit", (e) => (e.commit ? `\`${e.commit.slice(0, 12)}\`` : "—")),
    field("CPU", (e) => e.cpu),
    field("cores", (e) => String(e.cores)),
    field("Node", (e) => e.node),
    field("date", (e) => e.date),
  ].join("\n");
}

function signedPercent(value: number): string {
  const rounded = value.toFixed(1);
  return value > 0 ? `+${rounded}%` : value < 0 ? `−${rounded.slice(1)}%` : "0.0%";
}
