import { afterEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { communityScheduleJob } from "../../src/community/community-jobs.ts";
import { INACTIVE_REPORT_HOUR_UTC } from "../../src/community/schedule-job.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";

/*
 *  timer ──community.schedule (03:xx UTC)──▶ community.inactive per repo
 *  c4bot ──one GraphQL read (collaborators, newest pull requests)──▶ simulator
 *        ──the c4-inactive issue, only when the list changes──▶ simulator
 */
describe("the 2.7.4 inactive-maintainers report, end to end", () => {
  let world: World;
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  const start = async (hour: number) => {
    // Tomorrow at `hour`: today's reviews are well within the 180 days.
    const clock = new Date(Date.now() + 86_400_000);
    clock.setUTCHours(hour, 10, 0, 0);
    world = await startWorld({
      reconcileAtStart: false,
      extensions: communityExtensions({ now: () => clock }),
    });
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
    const { number } = world.openPull({ author: "alice" });
    world.sim.submitReview({ repo: REPO, number, author: "luca", state: "COMMENTED" });
    await world.settle();
  };
  const reports = () =>
    world.sim.state().issues.filter((issue) => issue.labels.includes("c4-inactive"));

  it("lists the maintainer who did nothing, once, and never the active one", async () => {
    await start(INACTIVE_REPORT_HOUR_UTC);
    await world.bot.queue.enqueue(communityScheduleJob());
    await world.settle();
    await world.bot.queue.enqueue(communityScheduleJob());
    await world.settle();

    expect(reports()).toHaveLength(1);
    const response = await fetch(
      `${world.sim.apiUrl}/repos/${REPO}/issues/${reports()[0]?.number}`,
    );
    const { body } = (await response.json()) as { body: string };
    expect(body).toContain("| @pieter | write | not seen |");
    expect(body).not.toContain("@luca");
  });

  it("does not run outside its hour", async () => {
    await start((INACTIVE_REPORT_HOUR_UTC + 12) % 24);
    await world.bot.queue.enqueue(communityScheduleJob());
    await world.settle();
    expect(reports()).toHaveLength(0);
  });
});
