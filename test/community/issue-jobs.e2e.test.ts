import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { goodCommit, REPO, startWorld, type World } from "../e2e/world.ts";

/*
 *  simulator ──issues.opened / pull_request.opened / closed(merged)──▶ c4bot
 *       ▲                                                               │ community.* jobs
 *       └──────────── comments, labels (REST, checked against OpenAPI) ◀┘
 */
describe("community: welcome, triage and follow-up, end to end", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  const botComments = (number: number) =>
    world.sim
      .state()
      .comments.filter((c) => c.number === number && c.author === world.sim.botLogin)
      .map((c) => c.body);
  const issue = (number: number) => world.sim.state().issues.find((i) => i.number === number);

  it("welcomes a first issue and a first pull request once, and not the second ones", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    const first = sim.openIssue({
      repo: REPO,
      author: "alice",
      title: "zmq_send crashes on a full pipe",
      body: "When I send 3 frames on a full pipe I get a segfault.",
    });
    await world.settle();
    const second = sim.openIssue({
      repo: REPO,
      author: "alice",
      title: "zmq_recv hangs",
      body: "When I call zmq_recv with ZMQ_DONTWAIT it blocks.",
    });
    const pull = world.openPull({ body: `Fixes #${first.number}` });
    await world.settle();

    expect(botComments(first.number).filter((b) => b.includes("c4bot:welcome"))).toHaveLength(1);
    expect(botComments(first.number)[0]).toContain("Welcome, @alice");
    expect(botComments(second.number).filter((b) => b.includes("c4bot:welcome"))).toEqual([]);
    const pullWelcome = botComments(pull.number).filter((b) => b.includes("c4bot:welcome"));
    expect(pullWelcome).toHaveLength(1);
    expect(pullWelcome[0]).toContain("C4 2.3.7");
    // A problem statement is not triaged.
    expect(issue(first.number)?.labels).toEqual([]);
  });

  it("triages an empty issue and a feature request once, and drops the label once edited", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    const empty = sim.openIssue({ repo: REPO, author: "bob", title: "zmq_poll", body: "" });
    const request = sim.openIssue({
      repo: REPO,
      author: "carol",
      title: "Add WebSocket transport",
      body: "It would be nice to have ws:// endpoints.",
    });
    await world.settle();

    for (const number of [empty.number, request.number]) {
      expect(issue(number)?.labels).toEqual(["needs-problem"]);
      expect(botComments(number).filter((b) => b.includes("c4bot:triage"))).toHaveLength(1);
      expect(issue(number)?.state).toBe("open");
    }
    expect(botComments(request.number).find((b) => b.includes("c4bot:triage"))).toContain(
      "feature request",
    );

    // The author edits it into a problem statement: the label goes, no new comment.
    editIssue(world, request.number, {
      body: "When I connect a browser to a tcp:// endpoint I get a protocol error: browsers only speak WebSocket.",
    });
    await world.settle();
    expect(issue(request.number)?.labels).toEqual([]);
    expect(botComments(request.number).filter((b) => b.includes("c4bot:triage"))).toHaveLength(1);
  });

  it("asks the issue's author to verify a merged fix (C4 2.4.17), once", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    const reported = sim.openIssue({
      repo: REPO,
      author: "dave",
      title: "zmq_send crashes",
      body: "When I send on a closed socket I get a crash.",
    });
    const { number } = world.openPull({ author: "alice", body: `Fixes #${reported.number}` });
    await world.settle();

    expect(world.pull(REPO, number).merged).toBe(true);
    const asks = botComments(reported.number).filter((b) => b.includes("c4bot:follow-up"));
    expect(asks).toHaveLength(1);
    expect(asks[0]).toContain(`@dave, #${number}`);
    expect(asks[0]).toContain("2.4.17");
  });

  it("waits out a secondary rate limit on a community job, then does its work", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    sim.addFault({
      method: "GET",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      status: 403,
      retryAfter: 1,
      times: 1,
    });
    const { number } = sim.openIssue({ repo: REPO, author: "bob", title: "zmq_poll", body: "" });
    await world.settle();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await world.settle();
    expect(botComments(number).filter((b) => b.includes("c4bot:welcome"))).toHaveLength(1);
    expect(botComments(number).filter((b) => b.includes("c4bot:triage"))).toHaveLength(1);
    expect(world.bot.queue.deadLetters()).toEqual([]);
  });

  it("does nothing of the sort when the project switches it off", async () => {
    const { sim } = world;
    sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      config:
        "community:\n  welcome: { enabled: false }\n  triage: { enabled: false }\n  followUp: { enabled: false }\n",
    });
    const empty = sim.openIssue({ repo: REPO, author: "bob", title: "zmq_poll", body: "" });
    world.openPull({ author: "alice", body: `Fixes #${empty.number}`, commits: [goodCommit] });
    await world.settle();
    expect(sim.state().comments.filter((c) => c.author === sim.botLogin)).toEqual([]);
    expect(issue(empty.number)?.labels).toEqual([]);
  });

  it("takes the organisation's settings through _extends: .github", async () => {
    const { sim } = world;
    sim.createRepo({
      owner: "zeromq",
      name: ".github",
      config: "community:\n  welcome: { enabled: false }\n",
    });
    sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      config: "_extends: .github\ncommunity:\n  triage: { enabled: false }\n",
    });
    const empty = sim.openIssue({ repo: REPO, author: "bob", title: "zmq_poll", body: "" });
    await world.settle();
    // Welcome is off (the organisation's), triage off (the repository's).
    expect(botComments(empty.number)).toEqual([]);
    expect(issue(empty.number)?.labels).toEqual([]);
  });
});

/** Edits an issue as its author would, through the simulator's REST API. */
function editIssue(world: World, number: number, patch: { body: string }) {
  world.sim.editIssue({ repo: REPO, number, ...patch, sender: "carol" });
}
