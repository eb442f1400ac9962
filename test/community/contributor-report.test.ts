import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { parseSince } from "../../src/cli/report.ts";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import {
  contributorReport,
  renderContributorReport,
} from "../../src/community/contributor-report.ts";
import type { PullRecord } from "../../src/github/list-pulls.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";
import { installationToken } from "./community-helpers.ts";

const pull = (over: Partial<PullRecord>): PullRecord => ({
  number: 1,
  title: "Problem: x",
  author: "alice",
  state: "MERGED",
  createdAt: "2026-03-01T00:00:00Z",
  mergedAt: "2026-03-01T03:00:00Z",
  mergedBy: "c4bot[bot]",
  mergeCommit: "m",
  commits: [],
  lastCommitAt: "2026-03-01T01:00:00Z",
  c4: "success",
  closes: [],
  ...over,
});

describe("contributorReport", () => {
  const report = contributorReport({
    repo: REPO,
    since: new Date("2026-02-01T00:00:00Z"),
    now: new Date("2026-05-01T00:00:00Z"),
    pulls: [
      pull({
        number: 1,
        author: "alice",
        createdAt: "2025-12-01T00:00:00Z",
        mergedAt: "2025-12-01T02:00:00Z",
      }),
      pull({ number: 2, author: "alice" }),
      pull({ number: 3, author: "alice", mergedAt: "2026-03-01T05:00:00Z" }),
      pull({
        number: 4,
        author: "bob",
        state: "OPEN",
        mergedAt: null,
        mergedBy: null,
        c4: "failure",
      }),
      pull({ number: 5, author: "pieter", mergedBy: "pieter" }),
      pull({ number: 6, author: "dependabot[bot]" }),
    ],
  });

  it("counts patches, correct share, median time to merge, self-merges and newcomers", () => {
    expect(report.contributors).toEqual([
      {
        login: "alice",
        patches: 2,
        merged: 2,
        correctShare: 1,
        medianHoursToMerge: 3,
        selfMerges: 0,
        firstTime: false,
      },
      {
        login: "pieter",
        patches: 1,
        merged: 1,
        correctShare: 1,
        medianHoursToMerge: 2,
        selfMerges: 1,
        firstTime: true,
      },
      {
        login: "bob",
        patches: 1,
        merged: 0,
        correctShare: 0,
        medianHoursToMerge: null,
        selfMerges: 0,
        firstTime: true,
      },
    ]);
    expect(report.totals).toEqual({
      patches: 4,
      merged: 3,
      correctShare: 4 / 5,
      medianHoursToMerge: 2,
      selfMergeRate: 1 / 3,
      firstTimeContributors: ["bob", "pieter"],
    });
  });

  it("renders Markdown", () => {
    const text = renderContributorReport(report);
    expect(text).toContain("| @alice | 2 | 2 | 100% | 3.0 h | 0 |  |");
    expect(text).toContain("First-time contributors: @bob, @pieter.");
    expect(text).toContain("self-merges 33%");
  });

  it("reads --since as days or a date", () => {
    const now = new Date("2026-05-01T00:00:00Z");
    expect(parseSince("90d", now).toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(parseSince("2026-01-01", now).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(() => parseSince("soon", now)).toThrow(/--since/);
  });
});

describe("c4bot report, against the simulator", () => {
  let world: World;
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("prints the figures as JSON and Markdown", async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    world.openPull({ author: "alice" });
    world.openPull({ author: "bob", commits: [{ message: "fix" }] });
    await world.settle();
    const env = { GITHUB_TOKEN: await installationToken(world), GITHUB_API_URL: sim.apiUrl };
    const run = async (args: string[]) => {
      const out: string[] = [];
      const code = await main(["report", "--repo", REPO, ...args], {
        cwd: ".",
        stdout: (t) => out.push(t),
        stderr: (t) => out.push(t),
        env,
        isTTY: false,
      });
      return { code, out: out.join("") };
    };
    const json = await run(["--since", "30d", "--format", "json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.totals).toMatchObject({
      patches: 2,
      merged: 1,
      correctShare: 0.5,
      selfMergeRate: 0,
    });
    expect(parsed.totals.firstTimeContributors).toEqual(["alice", "bob"]);
    const markdown = await run([]);
    expect(markdown.out).toContain("| @alice | 1 | 1 | 100% |");
    expect((await run(["--format", "html"])).code).toBe(2);
  });
});
