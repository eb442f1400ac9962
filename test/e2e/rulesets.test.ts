import { afterEach, describe, expect, it } from "vitest";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

/*
 *  ruleset (required checks, merge queue) ──GET rules/branches──▶ c4bot
 *  head without checks ──▶ C4 pending ──grace over──▶ C4 "No CI reported" (held)
 *  correct patch ──enqueuePullRequest──▶ queue ──merge_group──▶ c4bot ──C4 on the group commit
 *                                         └── required checks green ──▶ base moves, PR merged
 */
describe("c4bot and the base branch's rules", () => {
  let world: World;
  /** The bot's clock runs this far ahead of the real one. */
  let offsetMs = 0;
  const start = async () => {
    offsetMs = 0;
    world = await startWorld({
      timing: {
        pendingRecheckMs: 60_000,
        mergeableRecheckMs: 50,
        unknownMergeRecheckMs: 50,
        now: () => new Date(Date.now() + offsetMs),
      },
    });
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
  };
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("blocks on the ruleset's required checks only: a failing other job does not", async () => {
    await start();
    const { sim } = world;
    sim.addRuleset({ repo: REPO, requiredChecks: ["linux"] });
    const { number, headSha } = world.openPull();
    sim.setCheck({ repo: REPO, sha: headSha, name: "windows", conclusion: "failure" });
    sim.setCheck({ repo: REPO, sha: headSha, name: "linux", status: "in_progress" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.output.summary).toContain('Waiting for required check "linux"');

    sim.setCheck({ repo: REPO, sha: headSha, name: "linux", conclusion: "success" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.c4Run(headSha)?.output.summary).toContain(
      'Required checks "linux" passed (not required, so not blocking: "windows" failed)',
    );
    // One read of the rules per branch, whatever the number of evaluations.
    const ruleReads = sim.calls().filter((call) => call.route.endsWith("/rules/branches/{branch}"));
    expect(ruleReads).toHaveLength(1);
  });

  it("waits for CI to appear in a project with workflows, then holds the patch visibly", async () => {
    await start();
    const { sim } = world;
    sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        {
          message: "Problem: no CI\n\nSolution: add a workflow",
          files: { ".github/workflows/ci.yml": "on: pull_request\n" },
        },
      ],
    });
    const { number, headSha } = world.openPull();
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    let run = world.c4Run(headSha);
    expect(run?.status).toBe("in_progress");
    expect(run?.output.summary).toContain(
      'No check has started on this head yet, while the project has CI: workflow files ("ci.yml")',
    );

    offsetMs = 16 * 60_000;
    sim.addComment({ repo: REPO, number, author: "alice", body: "/c4 recheck" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.merges()).toBe(0);
    run = world.c4Run(headSha);
    expect(run?.status).toBe("in_progress");
    expect(run?.output.summary).toContain("No CI reported on this head within 15 minutes");

    // CI appears at last, green: the patch merges.
    sim.setCheck({ repo: REPO, sha: headSha, name: "build", conclusion: "success" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  describe("a merge queue", () => {
    const openQueued = async () => {
      await start();
      const { sim } = world;
      sim.addRuleset({ repo: REPO, requiredChecks: ["build", "C4"], mergeQueue: true });
      const pull = world.openPull({ commits: [goodCommit] });
      sim.setCheck({ repo: REPO, sha: pull.headSha, name: "build", conclusion: "success" });
      await world.settle();
      const [group] = sim.state().mergeGroups;
      return { ...pull, group };
    };
    /** CI reports "build" on the queue's temporary commit. */
    const buildOnGroup = async (sha: string | undefined, conclusion: "success" | "failure") => {
      world.sim.setCheck({ repo: REPO, sha: sha ?? "", name: "build", conclusion });
      await world.settle();
    };

    it("enqueues a correct patch, reports C4 on the group's commit, and the queue merges it", async () => {
      const { number, group } = await openQueued();
      expect(world.merges()).toBe(0);
      expect(group).toMatchObject({ repo: REPO, number });
      expect(world.pull(REPO, number).merged).toBe(false);
      const groupRun = world.c4Run(group?.headSha ?? "");
      expect(groupRun?.conclusion).toBe("success");
      expect(world.sim.deliveries().some((d) => d.event === "merge_group")).toBe(true);

      await buildOnGroup(group?.headSha, "success");
      const pull = world.pull(REPO, number);
      expect(pull.merged).toBe(true);
      expect(pull.mergedBy).toBe("github-merge-queue[bot]");
      const repo = world.sim.state().repos.find((r) => r.fullName === REPO);
      expect(repo?.branches[repo.defaultBranch]).toBe(group?.headSha);
      expect(world.sim.state().mergeGroups).toEqual([]);
    });

    it("leaves the pull request open when a required check fails on the group's commit", async () => {
      const { number, group } = await openQueued();
      await buildOnGroup(group?.headSha, "failure");
      expect(world.pull(REPO, number).merged).toBe(false);
      expect(world.sim.state().mergeGroups).toEqual([]);
    });
  });
});
