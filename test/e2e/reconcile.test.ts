import { afterEach, describe, expect, it } from "vitest";
import { reconcileJob } from "../../src/jobs/app-jobs.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { startBot } from "../../src/server/start-bot.ts";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

describe("the reconciler", () => {
  let world: World | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await world?.close();
    for (const close of closers.splice(0)) await close();
  });

  it("merges a correct patch whose webhook was lost", async () => {
    world = await startWorld();
    const { sim, bot } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    sim.setApp({ webhookUrl: null }); // GitHub's deliveries fail: the bot hears nothing
    const { number } = sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Problem: x",
      commits: [goodCommit],
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);

    sim.setApp({ webhookUrl: bot.webhookUrl });
    await bot.queue.enqueue(reconcileJob());
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("merges it on its own timer, with no webhook and no job queued by hand", async () => {
    world = await startWorld({ reconcileIntervalMs: 300 });
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    sim.setApp({ webhookUrl: null }); // from here on the bot hears nothing
    const { number } = sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Problem: x",
      commits: [goodCommit],
    });
    expect(world.pull(REPO, number).merged).toBe(false);
    for (let i = 0; i < 200 && !world.pull(REPO, number).merged; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("checks every open pull request when the bot starts", async () => {
    const sim = new GitHubSimulator();
    await sim.start();
    closers.push(() => sim.close());
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    const good = sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Problem: x",
      commits: [goodCommit],
    });
    const bad = sim.openPull({
      repo: REPO,
      author: "bob",
      body: "Problem: y",
      commits: [{ message: "wip" }],
    });
    await sim.settle(); // delivered to nobody

    const bot = await startBot({
      ...sim.appCredentials,
      port: 0,
      logLevel: "fatal",
    });
    closers.unshift(() => bot.close());
    sim.setApp({ webhookUrl: bot.webhookUrl });
    for (
      let i = 0;
      i < 100 && !sim.state().pulls.find((p) => p.number === good.number)?.merged;
      i++
    ) {
      await sim.settle();
      await bot.queue.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const pulls = sim.state().pulls;
    expect(pulls.find((p) => p.number === good.number)?.merged).toBe(true);
    expect(pulls.find((p) => p.number === bad.number)?.merged).toBe(false);
    expect(sim.state().checkRuns.find((r) => r.headSha === bad.headSha)?.conclusion).toBe(
      "failure",
    );
  });

  it("writes nothing when a sweep finds nothing new, and evaluates only what changed", async () => {
    world = await startWorld();
    const { sim, bot } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await world.settle();
    const rejected = [1, 2, 3].map((n) =>
      sim.openPull({
        repo: REPO,
        author: "alice",
        body: `Problem: ${n}`,
        commits: [{ message: "wip" }],
      }),
    );
    await world.settle();
    expect(rejected.every((pull) => world?.c4Run(pull.headSha)?.conclusion === "failure")).toBe(
      true,
    );

    const quiet = sim.callCursor();
    await bot.queue.enqueue(reconcileJob());
    await world.settle();
    const swept = sim.calls(quiet).filter((call) => !call.route.includes("access_tokens"));
    expect(swept.map((call) => call.operationName ?? `${call.method} ${call.route}`)).toEqual([
      "GET /app/installations",
      "GET /installation/repositories",
      "C4OpenPulls",
    ]);

    // A push whose webhook was lost: only that pull request is read and written again.
    sim.setApp({ webhookUrl: null });
    const changed = rejected[1] as (typeof rejected)[number];
    const { headSha } = sim.pushToPull({
      repo: REPO,
      number: changed.number,
      commits: [{ message: "still wip" }],
    });
    await sim.settle();
    sim.setApp({ webhookUrl: bot.webhookUrl });
    const later = sim.callCursor();
    await bot.queue.enqueue(reconcileJob());
    await world.settle();
    const names = sim
      .calls(later)
      .filter((call) => !call.route.includes("access_tokens"))
      .map((call) => call.operationName ?? `${call.method} ${call.route}`);
    expect(names.filter((name) => name === "C4Snapshot")).toHaveLength(1);
    expect(names.filter((name) => name.includes("check-runs"))).toEqual([
      "POST /repos/{owner}/{repo}/check-runs",
    ]);
    expect(world.c4Run(headSha)?.conclusion).toBe("failure");
  });
});
