import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeHonestWorld, REPO, startWorld, type World } from "./world.ts";

/*
 *  simulator ──check_run.requested_action (by a user)──▶ c4bot ──pull.button job──▶
 *      same path as `/c4 recheck` / `/c4 merge`: read, judge, check run, merge (sha)
 */
describe("the buttons on the C4 check run", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
  });
  // Every request c4bot made matched GitHub's description.
  afterEach(() => closeHonestWorld(world));

  /** alice's patch, held for its commit message, and the buttons on its check run. */
  const heldPull = async () => {
    const opened = world.openPull({ commits: [{ message: "fix the parser" }] });
    await world.settle();
    const run = world.c4Run(opened.headSha);
    if (!run) throw new Error("no C4 check run");
    return { ...opened, run };
  };
  const click = async (runId: number, identifier: string, by: string) => {
    world.sim.clickButton({ runId, identifier, by });
    await world.settle();
  };

  it("shows Check again and Merge anyway on a held patch, and only Check again on a merged one", async () => {
    const { number, run } = await heldPull();
    expect(run.conclusion).toBe("failure");
    expect(run.actions.map((button) => [button.label, button.identifier])).toEqual([
      ["Check again", `recheck:${number}`],
      ["Merge anyway", `merge:${number}`],
    ]);

    const correct = world.openPull();
    await world.settle();
    expect(world.pull(REPO, correct.number).merged).toBe(true);
    expect(world.c4Run(correct.headSha)?.actions.map((button) => button.label)).toEqual([
      "Check again",
    ]);
  });

  it("merges a held patch of another author when a maintainer clicks Merge anyway", async () => {
    const { number, headSha, run } = await heldPull();
    await click(run.id, `merge:${number}`, "pieter");

    expect(world.pull(REPO, number)).toMatchObject({ merged: true, mergedBy: "c4bot[bot]" });
    expect(world.merges()).toBe(1);
    const after = world.c4Run(headSha);
    expect(after?.output.title).toBe("Merging on @pieter's word (C4 2.4.16)");
    expect(after?.output.summary).toContain(
      `@pieter asked to merge this patch anyway (C4 2.4.16): "merged with the check run's "Merge anyway" button by @pieter"`,
    );
  });

  it("refuses Merge anyway from someone who is not a maintainer, saying why", async () => {
    const { number, run } = await heldPull();
    await click(run.id, `merge:${number}`, "bob");

    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.merges()).toBe(0);
    const replies = world.sim.state().comments.filter((comment) => comment.number === number);
    expect(replies.map((comment) => comment.body)).toEqual([
      '@bob: only maintainers (`write` permission or more) can merge with the "Merge anyway" button (C4 2.4.16).',
    ]);
  });

  it("evaluates again on Check again, seeing what changed without an event", async () => {
    const { number, run } = await heldPull();
    // The organisation switches the rule off: no event reaches libzmq's pull requests.
    world.sim.createRepo({
      owner: "zeromq",
      name: ".github",
      config: "rules:\n  commit-message: off\n",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);

    const cursor = world.sim.callCursor();
    await click(run.id, `recheck:${number}`, "alice");
    const reads = world.sim.calls(cursor).filter((call) => call.operationName === "C4Snapshot");
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(world.pull(REPO, number).merged).toBe(true);
  });
});
