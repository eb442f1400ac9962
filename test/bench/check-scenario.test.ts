import { rm } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { makeCheckScenario } from "../../src/bench/check-scenario.ts";
import { makeHistoryRepo } from "../../src/bench/make-history-repo.ts";
import { readCommits } from "../../src/cli/read-commits.ts";
import { run } from "../cli/fixture.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("the check benchmark", () => {
  it("generates a linear history with a realistic mix of messages", async () => {
    const dir = await makeHistoryRepo(500);
    dirs.push(dir);
    const commits = await readCommits(dir, ["HEAD"]);
    expect(commits).toHaveLength(500);
    expect(commits.filter((c) => c.parents > 1)).toEqual([]);
    const good = commits.filter((c) => c.message.startsWith("Problem:")).length;
    expect(good / commits.length).toBeGreaterThan(0.8);
    expect(good).toBeLessThan(commits.length);
    expect(commits.some((c) => c.message.includes("Signed-off-by:"))).toBe(true);
    expect(commits.some((c) => (c.message.split("\n")[0] ?? "").length >= 50)).toBe(true);
    // The same seed gives the same history, so runs compare.
    const again = await makeHistoryRepo(500);
    dirs.push(again);
    expect((await readCommits(again, ["HEAD"])).map((c) => c.sha)).toEqual(
      commits.map((c) => c.sha),
    );
  });

  it("reports commits/s, git's time and the total, and removes its repository", async () => {
    const lines: string[] = [];
    const metrics = await makeCheckScenario(300).run({
      progress: (line) => lines.push(line),
      samples: 3,
    });
    expect(metrics.map((m) => [m.id, m.unit, m.better, m.samples.length])).toEqual([
      ["check.commits_per_second", "commits/s", "higher", 3],
      ["check.git_seconds", "s", "lower", 3],
      ["check.total_seconds", "s", "lower", 3],
    ]);
    for (const m of metrics) expect(m.median).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith("check: sample 3/3"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^check: removed the repository/);
  });

  it("exits 2 on an unknown scenario or subcommand", async () => {
    const unknown = await run(".", ["bench", "run", "--scenario", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown scenario "nope"');
    expect((await run(".", ["bench", "walk"])).code).toBe(2);
    expect((await run(".", ["bench", "run", "--samples", "x"])).code).toBe(2);
  });
});
