import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

/*
 *  simulator ──webhook──▶ c4bot ──GraphQL read──▶ simulator
 *                           │ ──check run──────▶
 *                           └──merge (sha)─────▶  ──pull_request.closed──▶ c4bot
 */
describe("c4bot on a pull request", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("checks a correct patch and merges it exactly once", async () => {
    const { sim } = world;
    const { number: issue } = sim.openIssue({ repo: REPO, author: "alice", title: "Parser bug" });
    const { number, headSha } = sim.openPull({
      repo: REPO,
      author: "alice",
      body: `Fixes #${issue}`,
      commits: [goodCommit],
    });
    await world.settle();

    const pull = world.pull(REPO, number);
    expect(pull.merged).toBe(true);
    expect(world.merges()).toBe(1);
    const run = world.c4Run(headSha);
    expect(run?.conclusion).toBe("success");
    expect(run?.output.summary).toContain("`problem-statement`");
    // The merge closed the issue it fixes (GitHub does that, the bot does not).
    expect(sim.state().issues.find((i) => i.number === issue)?.state).toBe("closed");
  });

  it.each([
    {
      rule: "commit-message",
      pull: { commits: [{ message: "fix the parser" }] },
    },
    {
      rule: "target-branch",
      setup: (w: World) =>
        w.sim.pushToBranch({
          repo: REPO,
          branch: "release-4.3",
          pusher: "pieter",
          commits: [goodCommit],
        }),
      pull: { base: "release-4.3" },
    },
    { rule: "from-fork", pull: { fromFork: false, author: "pieter" } },
    {
      // problem-statement warns by default (C4 2.3.2 is a SHOULD); this project blocks.
      rule: "problem-statement",
      setup: (w: World) =>
        w.sim.createRepo({
          owner: "zeromq",
          name: "czmq",
          config: "rules:\n  problem-statement: block\n  commit-message: off\n",
        }),
      pull: {
        repo: "zeromq/czmq",
        body: "Some changes.",
        title: "Parser fix",
        commits: [{ message: "fix the parser" }],
      },
    },
  ])("shows a $rule failure in the check run and does not merge", async ({ rule, pull, setup }) => {
    const { sim } = world;
    setup?.(world);
    const { number, headSha } = sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Problem: the parser drops the last line",
      commits: [goodCommit],
      ...pull,
    });
    await world.settle();

    expect(world.pull(pull.repo ?? REPO, number).merged).toBe(false);
    expect(world.merges()).toBe(0);
    const run = world.c4Run(headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toMatch(new RegExp(`\\| ❌ \\| \`${rule}\``));
    expect(run?.output.title).toContain(rule);
  });

  it("gives a draft a neutral check listing what would hold it, and never merges it", async () => {
    const { number, headSha } = world.openPull({ draft: true, commits: [{ message: "wip" }] });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    const run = world.c4Run(headSha);
    expect(run?.conclusion).toBe("neutral");
    expect(run?.output.title).toBe(
      "A draft: once it is marked ready, 1 rule would hold it (commit-message).",
    );
  });

  it("shows a failing CI check and does not merge", async () => {
    const { sim } = world;
    const { number, headSha } = world.openPull();
    sim.setCheck({
      repo: REPO,
      sha: headSha,
      name: "build",
      status: "completed",
      conclusion: "failure",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.output.summary).toMatch(/❌ \| `ci-green`.*"build" failed/);
  });

  it("waits for pending CI and merges when it turns green, with no new pull request event", async () => {
    const { sim } = world;
    const { number, headSha } = world.openPull();
    sim.setCheck({ repo: REPO, sha: headSha, name: "build", status: "in_progress" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.status).toBe("in_progress");
    expect(world.c4Run(headSha)?.output.title).toContain("ci-green");

    sim.setCheck({
      repo: REPO,
      sha: headSha,
      name: "build",
      status: "completed",
      conclusion: "success",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.c4Run(headSha)?.conclusion).toBe("success");
    expect(world.merges()).toBe(1);
  });

  it("merges a fork's patch when a commit status turns green", async () => {
    const { sim } = world;
    const { number, headSha } = world.openPull();
    sim.setStatus({ repo: REPO, sha: headSha, context: "ci/travis", state: "pending" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    sim.setStatus({ repo: REPO, sha: headSha, context: "ci/travis", state: "success" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("holds a maintainer's own patch until another maintainer approves", async () => {
    const { sim } = world;
    const { number, headSha } = sim.openPull({
      repo: REPO,
      author: "pieter",
      body: "Problem: x",
      commits: [goodCommit],
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.output.title).toContain("self-merge");

    sim.submitReview({ repo: REPO, number, author: "luca", state: "APPROVED" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("re-evaluates a patch whose author fixed the commit message", async () => {
    const { sim } = world;
    const { number } = world.openPull({ commits: [{ message: "fix" }] });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    sim.pushToPull({ repo: REPO, number, commits: [goodCommit] });
    await world.settle();
    // The old bad commit is still in the patch: still not correct.
    expect(world.pull(REPO, number).merged).toBe(false);
  });

  it("reads once and writes nothing when a recheck changes nothing", async () => {
    const { sim } = world;
    const { number, headSha } = world.openPull({ commits: [{ message: "bad message" }] });
    await world.settle();
    const cursor = sim.callCursor();
    sim.addComment({ repo: REPO, number, author: "alice", body: "/c4 recheck" });
    await world.settle();
    const calls = sim.calls(cursor).filter((call) => !call.route.includes("access_tokens"));
    // The check run already says all there is to say: GitHub's budget is the ceiling.
    expect(calls.map((call) => call.operationName ?? `${call.method} ${call.route}`)).toEqual([
      "C4Snapshot",
    ]);
    expect(world.c4Run(headSha)?.conclusion).toBe("failure");
  });
});
