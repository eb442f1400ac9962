import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";

/*
 *  pieter ──merge button──▶ simulator ──pull_request.closed (merged_by: pieter)──▶ c4bot
 *  c4bot ──read PR, comments──▶ simulator;  ──row in the c4-process issue──▶ simulator
 */
describe("the 2.4.13 audit note, end to end", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  const processIssues = () =>
    world.sim.state().issues.filter((issue) => issue.labels.includes("c4-process"));

  it("records a maintainer merging their own patch by hand in the quiet period", async () => {
    const { number } = world.openPull({ author: "pieter" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.sim.mergePull({ repo: REPO, number, by: "pieter" }).ok).toBe(true);
    await world.settle();

    const issues = processIssues();
    expect(issues).toHaveLength(1);
    const response = await fetch(`${world.sim.apiUrl}/repos/${REPO}/issues/${issues[0]?.number}`);
    const { body } = (await response.json()) as { body: string };
    expect(body).toContain(`| 2.4.13 | @pieter merged their own pull request #${number} by hand`);
    expect(body).toContain("with no other maintainer's review or comment (quiet period: 48 h)");
  });

  it("says nothing when another maintainer answered first", async () => {
    const { number } = world.openPull({ author: "pieter" });
    world.sim.addComment({ repo: REPO, number, author: "luca", body: "Looks right to me." });
    await world.settle();
    world.sim.mergePull({ repo: REPO, number, by: "pieter" });
    await world.settle();
    expect(processIssues()).toHaveLength(0);
  });
});
