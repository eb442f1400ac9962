import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import { waitFor } from "../core/helpers.ts";
import { goodCommit, REPO, startWorld } from "../e2e/world.ts";
import { spawnAppWorker } from "./app-worker.ts";

const PULLS = 6;
const ISSUES = 4;
/** Jobs each worker runs at once: with more than this in flight, both workers hold some. */
const CONCURRENCY = 3;
/**
 * How long the simulator holds each merge and each read of an issue's
 * comments, so that jobs are in flight when the worker dies: a merge the dead
 * worker sent still lands (GitHub finishes a request whose client has gone),
 * and a welcome whose comments it was reading is left undone.
 */
const HOLD_MS = 1_000;

/*
 *  simulator ──webhooks──▶ c4bot serve (a broker only: workers 0)
 *      ▲                        │ ipc://
 *      │                        ├──▶ c4bot worker A ── SIGKILL while it holds jobs
 *      └── merges, welcomes ────┴──▶ c4bot worker B ── runs them again (issue 17)
 */
describe("a remote c4bot worker SIGKILLed while it holds jobs", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("has its jobs run elsewhere: none lost, none run twice to a visible effect", async () => {
    const endpoint = `ipc://${join(tmpdir(), `c4bot-worker-kill-${process.pid}.sock`)}`;
    const world = await startWorld({
      reconcileAtStart: false,
      workers: 0,
      remoteWorkers: [{ endpoint }],
      extensions: communityExtensions(),
    });
    const { sim, bot } = world;
    // The default queue: a broker, whose stats count its workers.
    if (!(bot.queue instanceof ZmqQueue)) throw new Error("startBot did not make a ZmqQueue");
    const queue = bot.queue;
    const doomed = spawnAppWorker(endpoint, sim, CONCURRENCY);
    const survivor = spawnAppWorker(endpoint, sim, CONCURRENCY);
    close = async () => {
      doomed.child.kill("SIGKILL");
      survivor.child.kill("SIGKILL");
      await world.close();
    };
    const stderr = () => `doomed: ${doomed.stderr()}\nsurvivor: ${survivor.stderr()}`;
    await waitFor(() => queue.stats().workers === 2, `both workers (${stderr()})`, 20_000);

    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    sim.addFault({
      method: "PUT",
      route: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
      delayMs: HOLD_MS,
      times: PULLS,
    });
    sim.addFault({
      method: "GET",
      route: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      delayMs: HOLD_MS,
      times: PULLS + ISSUES,
    });
    // Each author is a first-time contributor: each pull request and issue gets one welcome.
    const pulls = Array.from({ length: PULLS }, (_, i) =>
      sim.openPull({
        repo: REPO,
        author: `patcher${i}`,
        body: "Problem: x",
        commits: [goodCommit],
      }),
    );
    const issues = Array.from({ length: ISSUES }, (_, i) =>
      sim.openIssue({
        repo: REPO,
        author: `reporter${i}`,
        title: `zmq_send crashes (${i})`,
        body: "When I send 3 frames on a full pipe I get a segfault.",
      }),
    );

    const welcomeComments = () =>
      sim
        .state()
        .comments.filter((c) => c.author === sim.botLogin && c.body.includes("c4bot:welcome"));
    const welcomes = (n: number) => welcomeComments().filter((c) => c.number === n).length;

    // Effects under way, and more jobs in flight than one worker takes: both hold some.
    await waitFor(
      () => welcomeComments().length > 0 && queue.stats().inFlight > CONCURRENCY,
      `a welcome, and jobs in flight on both workers (${stderr()})`,
      20_000,
    );
    const before = queue.stats();
    doomed.child.kill("SIGKILL");
    expect(world.merges()).toBeLessThan(PULLS);
    await waitFor(() => queue.stats().workers === 1, "the broker to see the worker die", 15_000);
    // The jobs it held went back to the queue, each with an attempt counted.
    expect(queue.stats().retried).toBeGreaterThan(before.retried);

    const numbers = [...pulls, ...issues].map((item) => item.number);
    const merged = (n: number) =>
      sim
        .calls()
        .filter(
          (call) =>
            call.method === "PUT" &&
            call.path === `/repos/${REPO}/pulls/${n}/merge` &&
            call.status === 200,
        ).length;
    await waitFor(
      () => pulls.every((pull) => merged(pull.number) > 0) && numbers.every((n) => welcomes(n) > 0),
      `every merge and welcome (${stderr()})`,
      25_000,
    );
    await world.settle();

    expect(pulls.map((pull) => merged(pull.number))).toEqual(pulls.map(() => 1));
    expect(pulls.every((pull) => world.pull(REPO, pull.number).merged)).toBe(true);
    expect(numbers.map(welcomes)).toEqual(numbers.map(() => 1));
    expect(queue.deadLetters()).toEqual([]);
    expect(bot.journal.count()).toBe(0);
    expect(queue.stats()).toMatchObject({ workers: 1, inFlight: 0, depth: 0, failed: 0 });
    expect(survivor.child.exitCode).toBeNull();
    expect(sim.violations()).toEqual([]);
  }, 60_000);
});
