import { afterEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { REPO, startWorld, type World } from "./world.ts";

const mergeRoute = "/repos/{owner}/{repo}/pulls/{pull_number}/merge";

/** The simulator enforces GitHub's limits here as everywhere (src/sandbox/rate-limiter.ts). */
describe("c4bot under GitHub's rate limits", () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  async function until(condition: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("waits out a secondary limit on the merge and merges exactly once", async () => {
    world = await startWorld();
    const { sim, bot } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    sim.addFault({ method: "PUT", route: mergeRoute, status: 403, retryAfter: 1 });
    const { number } = world.openPull();
    await world.settle();
    await until(() => world?.pull(REPO, number).merged === true);
    await world.settle();
    expect(world.merges()).toBe(1);
    const [budget] = bot.scheduler.budgets().filter((entry) => entry.installation !== "app");
    expect(budget?.limitHits).toEqual({ primary: 0, secondary: 1 });
    expect(bot.queue.deadLetters()).toEqual([]);
  });

  it("stops before the primary limit's end and says until when, dropping nothing", async () => {
    world = await startWorld();
    const { sim, bot } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    // Three REST requests left this hour: the base branch's rules (rulesets,
    // classic protection) and the check run take them, and the answer's
    // headers say 0 remain until a reset an hour away.
    const [before] = Object.values(sim.limitsState().installations);
    sim.setLimits({ primary: { core: (before?.primary.core.used ?? 0) + 3 } });
    const { number, headSha } = world.openPull();
    await world.settle();
    expect(world.c4Run(headSha)?.conclusion).toBe("success");
    expect(world.pull(REPO, number).merged).toBe(false);
    const [budget] = bot.scheduler.budgets().filter((entry) => entry.installation !== "app");
    expect(budget?.waiting?.reason).toMatch(/primary limit \(core\)/);
    expect(Date.parse(budget?.waiting?.until ?? "") - Date.now()).toBeGreaterThan(50 * 60_000);
    // The merge waits in the queue, not in a worker, and is not lost.
    expect(bot.queue.stats().delayed).toBeGreaterThanOrEqual(1);
    expect(bot.queue.deadLetters()).toEqual([]);
    // c4bot never asked past the limit: GitHub refused nothing.
    const [state] = Object.values(sim.limitsState().installations);
    expect(state?.hits.primary).toBe(0);
    expect(world.merges()).toBe(0);
    const metrics = await bot.metrics.text();
    expect(metrics).toMatch(/c4bot_github_wait_seconds\{installation="\d+"\} [1-9]\d{3}/);
  });

  it("merges 20 first-time contributors' patches opened together with no rate-limit answer", async () => {
    world = await startWorld({ extensions: communityExtensions() });
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    const pulls = Array.from({ length: 20 }, (_, i) => world?.openPull({ author: `newcomer${i}` }));
    await world.settle();
    await until(() => pulls.every((pull) => pull && world?.pull(REPO, pull.number).merged), 60_000);
    expect(world.merges()).toBe(20);
    const [state] = Object.values(sim.limitsState().installations);
    expect(state?.hits).toEqual({
      primary: 0,
      concurrent: 0,
      restPointsPerMinute: 0,
      graphqlPointsPerMinute: 0,
      contentPerMinute: 0,
      contentPerHour: 0,
    });
    // Each newcomer was welcomed: those comments are writes too.
    const welcomes = sim.state().comments.filter((comment) => comment.author === sim.botLogin);
    expect(welcomes.length).toBeGreaterThanOrEqual(20);
  });
});
