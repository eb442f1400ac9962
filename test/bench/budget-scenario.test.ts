import { describe, expect, it } from "vitest";
import { makeBudgetScenario } from "../../src/bench/budget-scenario.ts";
import { scenarios } from "../../src/bench/scenarios.ts";

describe("the budget scenario", () => {
  it("is registered", () => {
    expect(scenarios.map((scenario) => scenario.name)).toContain("budget");
  });

  it("measures each part against the simulator with GitHub's limits on", async () => {
    const lines: string[] = [];
    const metrics = await makeBudgetScenario({
      burst: 40,
      open: 30,
      changed: 10,
      fresh: 3,
      freshGapMs: 200,
      newcomers: 5,
    }).run({ progress: (line) => lines.push(line), samples: 5, burst: 10 });
    const byId = Object.fromEntries(metrics.map((m) => [m.id, m]));
    expect(metrics.map((m) => [m.id, m.unit, m.better, m.samples.length])).toEqual([
      ["budget.burst.ratio", "ratio", "higher", 1],
      ["budget.burst.merged_per_minute", "PRs/min", "higher", 1],
      ["budget.burst.first_merge_seconds", "s", "lower", 1],
      ["budget.burst.writes_per_merge", "writes", "lower", 1],
      ["budget.burst.secondary_hits", "hits", "lower", 1],
      ["budget.fresh.p50", "s", "lower", 1],
      ["budget.fresh.p99", "s", "lower", 1],
      ["budget.fresh.secondary_hits", "hits", "lower", 1],
      ["budget.sweep.requests", "requests", "lower", 1],
      ["budget.sweep.requests_per_page", "ratio", "lower", 1],
      ["budget.sweep.writes", "writes", "lower", 1],
      ["budget.newcomers.seconds", "s", "lower", 1],
      ["budget.newcomers.welcomed", "comments", "higher", 1],
      ["budget.newcomers.secondary_hits", "hits", "lower", 1],
    ]);
    // --burst (the context's) wins over the scenario's size.
    expect(lines[0]).toMatch(/^budget: burst of 10 pull requests/);
    // A check run and a merge per pull request, and nothing else.
    expect(byId["budget.burst.writes_per_merge"]?.median).toBe(2);
    expect(byId["budget.burst.ratio"]?.median).toBeGreaterThan(0);
    expect(byId["budget.sweep.writes"]?.median).toBe(0);
    expect(byId["budget.sweep.requests"]?.median).toBeGreaterThan(0);
    expect(byId["budget.fresh.p99"]?.median).toBeGreaterThanOrEqual(
      byId["budget.fresh.p50"]?.median ?? Number.NaN,
    );
    expect(byId["budget.newcomers.welcomed"]?.median).toBe(5);
  }, 60_000);
});
