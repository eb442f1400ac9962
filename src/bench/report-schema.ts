import { z } from "zod";

/**
 * What `c4bot bench report|compare` needs of a file before rendering it:
 * enough of `BenchReport` (bench-report.ts) or `Comparison` (comparison.ts)
 * that a hand-edited or truncated file gets a one-line reason naming the
 * field, not a TypeError in the renderer (issue 21).
 */
const environment = z.looseObject({
  cpu: z.string(),
  cores: z.number(),
  node: z.string(),
  commit: z.string().nullable(),
  date: z.string(),
});
const metric = z.looseObject({
  id: z.string(),
  unit: z.string(),
  better: z.enum(["higher", "lower"]),
});
const runSchema = z.looseObject({
  version: z.literal(1),
  environment,
  metrics: z.array(metric.extend({ samples: z.array(z.number()), median: z.number() })),
});
const comparisonSchema = z.looseObject({
  version: z.literal(1),
  kind: z.literal("comparison"),
  summary: z.string(),
  base: z.looseObject({ environment }),
  head: z.looseObject({ environment }),
  metrics: z.array(metric),
});

/** Why `value` is neither a version 1 report nor a comparison, or null when it is one. */
export function reportProblem(value: unknown): string | null {
  const isComparison = (value as { kind?: unknown } | null)?.kind === "comparison";
  const parsed = (isComparison ? comparisonSchema : runSchema).safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join(".") || "the file"}: ${issue?.message ?? "invalid"}`;
}
