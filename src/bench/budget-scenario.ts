import { type Metric, metric } from "./bench-report.ts";
import type { SweepSizes } from "./budget-sweep.ts";
import type { Scenario } from "./scenario.ts";

export interface BudgetSizes extends SweepSizes {
  /** Correct pull requests opened at once (`--burst`). */
  burst: number;
  /** First-time contributors opening a pull request each, together. */
  newcomers: number;
}

export const defaultBudgetSizes: BudgetSizes = {
  burst: 200,
  open: 1000,
  changed: 300,
  fresh: 20,
  freshGapMs: 2000,
  newcomers: 20,
};

/**
 * What users feel under GitHub's limits (docs/benchmarks.md, "budget"):
 * c4bot as `c4bot serve` runs it, against the simulator with GitHub's
 * published limits on. Each part runs once (`--samples` does not apply: the
 * burst alone takes five minutes at production's pace) in a simulator of its
 * own, so no part spends another's hourly budget.
 */
export function makeBudgetScenario(sizes: Partial<BudgetSizes> = {}): Scenario {
  const base = { ...defaultBudgetSizes, ...sizes };
  return {
    name: "budget",
    description: `what users feel under GitHub's rate limits: a burst of ${base.burst} PRs, a fresh PR during a sweep of ${base.open}, an unchanged sweep, ${base.newcomers} newcomers`,
    async run({ progress, burst }) {
      const size = { ...base, ...(burst !== undefined ? { burst } : {}) };
      const { measureBurst } = await import("./budget-burst.ts");
      const { measureSweeps } = await import("./budget-sweep.ts");
      const { measureNewcomers } = await import("./budget-newcomers.ts");
      progress(
        `budget: burst of ${size.burst} pull requests (about ${Math.ceil(size.burst / 40)} minutes at GitHub's 80 writes a minute)`,
      );
      const b = await measureBurst(size.burst, progress);
      progress(
        `budget: burst: ${b.mergedPerMinute.toFixed(1)} merged/min, ceiling ${b.ceilingPerMinute.toFixed(1)} (${b.writesPerMerge.toFixed(2)} writes a merge), ratio ${b.ratio.toFixed(2)}, first merge after ${b.firstMergeSeconds.toFixed(0)} s, ${b.secondaryHits} secondary-limit hits (${b.hitsByLimit})`,
      );
      const s = await measureSweeps(size, progress);
      const n = await measureNewcomers(size.newcomers, progress);
      const one = (id: string, unit: string, better: Metric["better"], value: number) =>
        metric(`budget.${id}`, unit, better, [value]);
      return [
        one("burst.ratio", "ratio", "higher", b.ratio),
        one("burst.merged_per_minute", "PRs/min", "higher", b.mergedPerMinute),
        one("burst.first_merge_seconds", "s", "lower", b.firstMergeSeconds),
        one("burst.writes_per_merge", "writes", "lower", b.writesPerMerge),
        one("burst.secondary_hits", "hits", "lower", b.secondaryHits),
        one("fresh.p50", "s", "lower", s.fresh.p50),
        one("fresh.p99", "s", "lower", s.fresh.p99),
        one("fresh.secondary_hits", "hits", "lower", s.fresh.secondaryHits),
        one("sweep.requests", "requests", "lower", s.unchanged.requests),
        one("sweep.requests_per_page", "ratio", "lower", s.unchanged.requests / s.unchanged.pages),
        one("sweep.writes", "writes", "lower", s.unchanged.writes),
        one("newcomers.seconds", "s", "lower", n.seconds),
        one("newcomers.welcomed", "comments", "higher", n.welcomed),
        one("newcomers.secondary_hits", "hits", "lower", n.secondaryHits),
      ];
    },
  };
}

export const budgetScenario: Scenario = makeBudgetScenario();
