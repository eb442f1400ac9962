/**
 * Pure arithmetic of the `budget` scenario (docs/benchmarks.md): percentiles,
 * rates and ratios to the limits measured in the same run.
 */

/** The p-th percentile (0 < p <= 100) by nearest rank: a value that was measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("[c4bot] bench: no values for a percentile");
  if (!(p > 0 && p <= 100)) throw new Error(`[c4bot] bench: percentile ${p} is not in (0, 100]`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1] as number;
}

/** Events per minute over `ms` milliseconds. */
export function perMinute(count: number, ms: number): number {
  if (!(ms > 0)) throw new Error("[c4bot] bench: a rate needs a positive duration");
  return (count * 60_000) / ms;
}

/**
 * The fastest merges per minute the content-creating cap allows when every
 * merged pull request costs `writesPerMerge` content-creating requests.
 */
export function mergeCeiling(capPerMinute: number, writesPerMerge: number): number {
  if (!(writesPerMerge > 0)) throw new Error("[c4bot] bench: no writes per merge");
  return capPerMinute / writesPerMerge;
}

/** Hits of the secondary limits (all but `primary`), summed. */
export function secondaryHits(hits: Readonly<Record<string, number>>): number {
  return Object.entries(hits)
    .filter(([name]) => name !== "primary")
    .reduce((sum, [, count]) => sum + count, 0);
}

/** `after - before`, limit by limit (counts only grow). */
export function hitsSince(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)]),
  );
}

/** The secondary limits hit, e.g. `contentPerMinute 6, concurrent 1`, or `none`. */
export function describeHits(hits: Readonly<Record<string, number>>): string {
  const hit = Object.entries(hits).filter(([name, count]) => name !== "primary" && count > 0);
  return hit.length === 0 ? "none" : hit.map(([name, count]) => `${name} ${count}`).join(", ");
}
