import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

const MERGE_ROUTE = "/repos/{owner}/{repo}/pulls/{pull_number}/merge";

describe("c4bot under bad input and GitHub's failures", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
    await world.settle();
  });
  afterEach(async () => {
    await world.close();
  });

  const openCorrect = () => world.openPull();

  it("answers a bad signature with a 4xx and schedules nothing", async () => {
    const before = world.bot.queue.stats();
    const delivery = world.sim.deliverRaw({
      event: "pull_request",
      body: { action: "opened", installation: { id: 1 } },
      signature: `sha256=${"0".repeat(64)}`,
    });
    await world.settle();
    const answered = world.sim.deliveries().find((d) => d.id === delivery.id);
    expect(answered?.status).toBeGreaterThanOrEqual(400);
    expect(answered?.status).toBeLessThan(500);
    expect(world.bot.queue.stats().done).toBe(before.done);
  });

  it("answers a malformed payload with 400", async () => {
    const delivery = world.sim.deliverRaw({ event: "pull_request", body: "{not json" });
    await world.settle();
    expect(world.sim.deliveries().find((d) => d.id === delivery.id)?.status).toBe(400);
  });

  it.each([
    ["null", "null"],
    ["a repository without an owner", { installation: { id: 1 }, repository: { name: "x" } }],
    [
      "an installation whose repositories are empty objects",
      { action: "created", installation: { id: 1 }, repositories: [{}] },
    ],
  ])(
    "answers a signed delivery of %s with 400, in the sandbox as in serve (issue 21)",
    async (_name, body) => {
      const delivery = world.sim.deliverRaw({ event: "installation", body });
      await world.settle();
      expect(world.sim.deliveries().find((d) => d.id === delivery.id)?.status).toBe(400);
    },
  );

  it("evaluates a delivery sent twice only once", async () => {
    const { number } = world.openPull({ commits: [{ message: "bad" }] });
    await world.settle();
    const opened = world.sim
      .deliveries()
      .find((d) => d.event === "pull_request" && d.action === "opened");
    const reads = () => world.sim.calls().filter((c) => c.operationName === "C4Snapshot").length;
    const before = reads();
    world.sim.redeliver(opened?.id ?? "");
    await world.settle();
    expect(reads()).toBe(before);
    expect(world.sim.deliveries().at(-1)?.status).toBe(202);
    expect(world.pull(REPO, number).merged).toBe(false);
  });

  it("never merges a head that moved between read and merge, and checks the new head", async () => {
    world.sim.addFault({ method: "PUT", route: MERGE_ROUTE, moveHead: true, times: 1 });
    const { number, headSha } = openCorrect();
    await world.settle();
    const pull = world.pull(REPO, number);
    // The fault pushed a C4-form commit, so the new head is correct and merges.
    expect(pull.headSha).not.toBe(headSha);
    expect(pull.merged).toBe(true);
    expect(world.merges()).toBe(1);
    const mergeCalls = world.sim.calls().filter((c) => c.route === MERGE_ROUTE);
    expect(mergeCalls.map((c) => c.status)).toEqual([409, 200]);
    expect(world.c4Run(pull.headSha ?? "")?.conclusion).toBe("success");
  });

  it("re-reads after a 502 on merge instead of retrying blindly, and merges once", async () => {
    world.sim.addFault({ method: "PUT", route: MERGE_ROUTE, status: 502, times: 1 });
    const { number } = openCorrect();
    await world.settle();
    const calls = world.sim.calls();
    const failed = calls.findIndex((c) => c.route === MERGE_ROUTE && c.status === 502);
    expect(failed).toBeGreaterThan(-1);
    // Straight after the 502: a re-read of the pull request, not another merge.
    expect(calls[failed + 1]).toMatchObject({
      method: "GET",
      route: "/repos/{owner}/{repo}/pulls/{pull_number}",
    });
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.merges()).toBe(1);
  });

  it("takes a merge that GitHub did but answered with a 502 as done, and never merges twice", async () => {
    world.sim.addFault({
      method: "PUT",
      route: MERGE_ROUTE,
      status: 502,
      afterHandling: true,
      times: 1,
    });
    const { number } = openCorrect();
    await world.settle();
    const mergeCalls = world.sim.calls().filter((c) => c.route === MERGE_ROUTE);
    expect(mergeCalls.map((c) => c.status)).toEqual([502]);
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("looks again while GitHub computes mergeability, then merges", async () => {
    const { number, headSha } = openCorrect();
    world.sim.editPull({ repo: REPO, number, mergeable: null });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.output.summary).toContain("still working out");
    world.sim.editPull({ repo: REPO, number, mergeable: true });
    for (let i = 0; i < 100 && !world.pull(REPO, number).merged; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await world.settle();
    }
    expect(world.pull(REPO, number).merged).toBe(true);
  });

  it("does not try to merge a patch with conflicts, and says so", async () => {
    const { number, headSha } = openCorrect();
    world.sim.editPull({ repo: REPO, number, mergeable: false });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.sim.calls().some((c) => c.route === MERGE_ROUTE)).toBe(false);
    expect(world.c4Run(headSha)?.output.summary).toContain("merge conflict");
  });

  it("waits out a secondary rate limit and then does its work", async () => {
    world.sim.addFault({ method: "POST", route: "graphql", status: 403, retryAfter: 1, times: 1 });
    const { number } = openCorrect();
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.bot.queue.stats().delayed).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.bot.queue.stats().deadLettered).toBe(0);
  });

  it("reports an invalid .github/c4.yml in a failing check run and keeps serving other repos", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "czmq", config: "rules:\n  ci-green: sometimes\n" });
    await world.settle();
    const broken = sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: x",
      commits: [goodCommit],
    });
    const fine = openCorrect();
    await world.settle();
    const run = world.c4Run(broken.headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toContain("Invalid .github/c4.yml");
    expect(run?.output.summary).toMatch(/\.github\/c4\.yml:2:\d+: rules\.ci-green/);
    expect(world.pull("zeromq/czmq", broken.number).merged).toBe(false);
    expect(world.pull(REPO, fine.number).merged).toBe(true);
  });

  it("validates a new .github/c4.yml that a patch brings, and refuses a broken one", async () => {
    const { number, headSha } = world.sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Problem: x",
      commits: [{ ...goodCommit, files: { ".github/c4.yml": "mode: wet\n" } }],
    });
    await world.settle();
    const run = world.c4Run(headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("the new file is invalid");
    expect(run?.output.summary).toContain('mode: expected one of "live", "dry-run"');
    expect(world.pull(REPO, number).merged).toBe(false);
  });

  it("refuses /c4 merge from a non-maintainer", async () => {
    const { number } = world.openPull({ commits: [{ message: "bad" }] });
    await world.settle();
    world.sim.addComment({
      repo: REPO,
      number,
      author: "mallory",
      body: "/c4 merge because I say so",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    const reply = world.sim.state().comments.find((c) => c.author === world.sim.botLogin);
    expect(reply?.body).toContain("only maintainers");
  });

  it("merges an incorrect patch on a maintainer's /c4 merge and records the reason", async () => {
    const { number } = world.openPull({ commits: [{ message: "bad" }] });
    await world.settle();
    world.sim.addComment({
      repo: REPO,
      number,
      author: "pieter",
      body: "/c4 merge to end a fruitless discussion",
    });
    await world.settle();
    const pull = world.pull(REPO, number);
    expect(pull.merged).toBe(true);
    const mergeCommit = world.sim.calls().find((c) => c.route === MERGE_ROUTE);
    expect(mergeCommit?.status).toBe(200);
    expect(world.c4Run(pull.headSha ?? "")?.output.summary).toContain(
      "to end a fruitless discussion",
    );
  });

  it("refuses a maintainer's /c4 merge on their own patch, explains 2.4.13, and lets another maintainer's through", async () => {
    const { number } = world.openPull({ author: "pieter", commits: [{ message: "bad" }] });
    await world.settle();
    world.sim.addComment({ repo: REPO, number, author: "pieter", body: "/c4 merge I wrote it" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.sim.calls().filter((c) => c.route === MERGE_ROUTE)).toEqual([]);
    const reply = world.sim.state().comments.find((c) => c.author === world.sim.botLogin);
    expect(reply?.body).toContain("this one is yours");
    expect(reply?.body).toContain('C4 2.4.13: "Maintainers SHOULD NOT merge their own patches');
    expect(reply?.body).toContain("another maintainer's approving review merges it");
    expect(reply?.body).toContain("48 hours after its last change");
    expect(reply?.body).toContain("(`commit-message`)");

    // For luca, pieter's patch is another contributor's: 2.4.16 lets him merge it.
    world.sim.addComment({ repo: REPO, number, author: "luca", body: "/c4 merge to coach pieter" });
    await world.settle();
    const pull = world.pull(REPO, number);
    expect(pull.merged).toBe(true);
    expect(world.sim.state().comments.filter((c) => c.author === world.sim.botLogin)).toHaveLength(
      1,
    );
  });

  it("answers an unknown command with help", async () => {
    const { number } = openCorrect();
    await world.settle();
    world.sim.addComment({ repo: REPO, number, author: "alice", body: "/c4 deploy" });
    await world.settle();
    const reply = world.sim.state().comments.find((c) => c.author === world.sim.botLogin);
    expect(reply?.body).toContain("does not know `/c4 deploy`");
    expect(reply?.body).toContain("/c4 recheck");
  });

  it("merges nothing in dry-run mode but reports everything", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "zproto", config: "mode: dry-run\n" });
    await world.settle();
    const { number, headSha } = sim.openPull({
      repo: "zeromq/zproto",
      author: "alice",
      body: "Problem: x",
      commits: [goodCommit],
    });
    await world.settle();
    expect(world.pull("zeromq/zproto", number).merged).toBe(false);
    expect(world.c4Run(headSha)?.conclusion).toBe("success");
    expect(world.c4Run(headSha)?.output.title).toContain("dry run");
  });
});
