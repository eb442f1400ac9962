import { afterEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { communityScheduleJob } from "../../src/community/community-jobs.ts";
import { planStale } from "../../src/community/stale-plan.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";

const DAY = 86_400_000;
const settings = {
  daysUntilStale: 60,
  daysUntilClose: 14,
  label: "stale",
  exemptLabels: ["pinned"],
};
const at = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * DAY).toISOString();

describe("planStale (C4 2.4.19)", () => {
  const issue = (over: Partial<Parameters<typeof planStale>[0][number]>) => ({
    number: 1,
    labels: [],
    createdAt: at(0),
    lastHumanActivity: at(0),
    markedAt: null,
    hasOpenPull: false,
    ...over,
  });
  it.each([
    ["quiet long enough: marked", issue({}), 60, [{ kind: "mark", number: 1, quietDays: 60 }]],
    ["not quiet long enough", issue({}), 59, []],
    ["a person spoke lately", issue({ lastHumanActivity: at(30) }), 60, []],
    ["exempt", issue({ labels: ["pinned"] }), 100, []],
    ["an open pull request closes it", issue({ hasOpenPull: true }), 100, []],
    [
      "marked, then an open pull request",
      issue({ labels: ["stale"], markedAt: at(60), hasOpenPull: true }),
      61,
      [{ kind: "unmark", number: 1, reason: "open pull request" }],
    ],
    [
      "marked, then a person spoke",
      issue({ labels: ["stale"], markedAt: at(60), lastHumanActivity: at(61) }),
      62,
      [{ kind: "unmark", number: 1, reason: "activity" }],
    ],
    [
      "marked, quiet since",
      issue({ labels: ["stale"], markedAt: at(60) }),
      74,
      [{ kind: "close", number: 1, quietDays: 74 }],
    ],
    ["marked, not yet", issue({ labels: ["stale"], markedAt: at(60) }), 73, []],
  ])("%s", (_name, candidate, day, expected) => {
    expect(planStale([candidate], settings, new Date(at(day)))).toEqual(expected);
  });
});

/*
 *  timer ──community.schedule──▶ each installation ──▶ community.stale per repo
 *  (the clock of the bot and the simulator move together)
 */
describe("stale sweep, end to end", () => {
  let world: World;
  let offset = 0;
  const start = async (config?: string) => {
    offset = 0;
    world = await startWorld({
      reconcileAtStart: false,
      extensions: communityExtensions({ now: () => new Date(Date.now() + offset) }),
    });
    world.sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      ...(config ? { config } : {}),
    });
  };
  const advance = (days: number) => {
    world.sim.advanceClock(days * DAY);
    offset += days * DAY;
  };
  const sweep = async () => {
    await world.bot.queue.enqueue(communityScheduleJob());
    await world.settle();
  };
  const issue = (number: number) => world.sim.state().issues.find((i) => i.number === number);
  const problem = (author: string, title: string, labels: string[] = []) =>
    world.sim.openIssue({
      repo: REPO,
      author,
      title,
      body: "When I call it I get an error.",
      labels,
    }).number;
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("marks quiet issues, skips exempt and linked ones, unmarks on activity, closes later", async () => {
    await start();
    const quiet = problem("bob", "zmq_send fails");
    const pinned = problem("carol", "zmq_poll fails", ["pinned"]);
    const linked = problem("dave", "zmq_close fails");
    const answered = problem("erin", "zmq_bind fails");
    world.openPull({ author: "alice", body: `Fixes #${linked}`, commits: [{ message: "fix it" }] });
    await world.settle();

    // The defaults are libzmq's own: marked after 365 quiet days, closed 56 days later.
    advance(366);
    await sweep();
    // c4bot's own welcome comment is no activity: bob's issue is quiet since it was opened.
    expect(issue(quiet)?.labels).toEqual(["stale"]);
    expect(issue(answered)?.labels).toEqual(["stale"]);
    expect(issue(pinned)?.labels).toEqual(["pinned"]);
    expect(issue(linked)?.labels).toEqual([]);
    const marks = world.sim.state().comments.filter((c) => c.body.includes("c4bot:stale"));
    expect(marks.map((c) => c.number).sort()).toEqual([quiet, answered].sort());
    expect(marks[0]?.body).toContain("2.4.19");

    advance(1);
    world.sim.addComment({
      repo: REPO,
      number: answered,
      author: "erin",
      body: "Still there in 4.3.5.",
    });
    await world.settle();
    await sweep();
    expect(issue(answered)?.labels).toEqual([]);

    advance(54); // 55 days after the mark
    await sweep();
    expect(issue(quiet)?.state).toBe("open");
    advance(1);
    await sweep();
    expect(issue(quiet)?.state).toBe("closed");
    expect(issue(answered)?.state).toBe("open");
    expect(issue(pinned)?.state).toBe("open");
    // Twice the same sweep does nothing new.
    const before = world.sim.state().comments.length;
    await sweep();
    expect(world.sim.state().comments.length).toBe(before);
  });

  it("changes nothing in dry-run, and nothing when switched off", async () => {
    await start("community:\n  stale:\n    dryRun: true\n");
    const quiet = problem("bob", "zmq_send fails");
    await world.settle();
    advance(400);
    await sweep();
    expect(issue(quiet)?.labels).toEqual([]);
    expect(world.sim.state().comments.filter((c) => c.body.includes("c4bot:stale"))).toEqual([]);
  });

  it("stops cleanly at its request budget", async () => {
    await start("community:\n  requestBudget: 3\n");
    const numbers = [
      problem("bob", "a fails"),
      problem("bob", "b fails"),
      problem("bob", "c fails"),
    ];
    await world.settle();
    advance(366);
    await sweep();
    // Issues list, open pulls, one issue's comments: one issue a sweep, oldest first.
    const marked = () => numbers.filter((n) => issue(n)?.labels.includes("stale"));
    expect(marked()).toEqual([numbers[0]]);
    await sweep();
    await sweep();
    expect(marked()).toEqual(numbers);
    expect(world.bot.queue.deadLetters()).toEqual([]);
  });
});
