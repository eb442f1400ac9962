import type { BenchReport, Metric } from "./bench-report.ts";
import { metric } from "./bench-report.ts";

/**
 * One report from the reports of several `bench ab` rounds of one side: each
 * metric's samples become its per-round medians, in round order, so sample i
 * of base and sample i of head were measured back to back and can be paired.
 * Interleaved metrics also keep every round's own samples (`rounds`).
 * A metric missing from any round (a scenario that skipped it) is dropped,
 * since it could not be paired round by round; `dropped` names them.
 */
export function mergeRounds(rounds: readonly BenchReport[]): {
  report: BenchReport;
  dropped: string[];
} {
  const first = rounds[0];
  if (!first) throw new RangeError("mergeRounds: no rounds");
  const ids = [...new Set(rounds.flatMap((round) => round.metrics.map((m) => m.id)))];
  const metrics: Metric[] = [];
  const dropped: string[] = [];
  for (const id of ids) {
    const found = rounds.map((round) => round.metrics.find((m) => m.id === id));
    if (found.some((m) => m === undefined)) {
      dropped.push(id);
      continue;
    }
    const all = found as Metric[];
    const { unit, better } = all[0] as Metric;
    const merged = metric(
      id,
      unit,
      better,
      all.map((m) => m.median),
    );
    // Interleaved: keep each round's samples, the noise floor is read from them.
    if (all.every((m) => m.interleaved)) merged.rounds = all.map((m) => m.samples);
    metrics.push(merged);
  }
  return { report: { version: 1, environment: first.environment, metrics }, dropped };
}
