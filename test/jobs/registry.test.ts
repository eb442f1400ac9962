import { afterEach, describe, expect, it } from "vitest";
import { communityJob } from "../../src/community/community-jobs.ts";
import type { Job, JobQueue } from "../../src/core/job.ts";
import { LocalQueue } from "../../src/core/local-queue.ts";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import {
  commandJob,
  evaluateJob,
  mergeJob,
  reconcileJob,
  sweepJob,
} from "../../src/jobs/app-jobs.ts";
import { createJobRunner } from "../../src/jobs/create-job-runner.ts";
import { jobKinds, requestPriorityOf } from "../../src/jobs/registry.ts";
import { quietLog, tick } from "../core/helpers.ts";

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

/** The registry's runner with no GitHub: only jobs it refuses are run here. */
const runner = () =>
  createJobRunner({
    auth: async () => {
      throw new Error("no GitHub in this test");
    },
    log: quiet,
  });

const refused: [string, Job, RegExp][] = [
  [
    "an unknown kind",
    { kind: "nobody.knows", key: "zeromq/libzmq", payload: {} },
    /^unknown job kind "nobody.knows"$/,
  ],
  [
    "a payload its kind's schema refuses",
    {
      kind: "community.welcome",
      key: "zeromq/libzmq#1",
      payload: { installationId: 1, owner: "zeromq", repo: "libzmq", number: "one" },
    },
    /^community\.welcome: bad payload: number: .*expected number.*; author: .*; isPull: /,
  ],
  [
    "a pull.merge with an unknown method",
    {
      kind: "pull.merge",
      key: "zeromq/libzmq",
      payload: {
        installationId: 1,
        owner: "zeromq",
        repo: "libzmq",
        number: 1,
        sha: "abc",
        method: "octopus",
        checkRunId: 1,
      },
    },
    /^pull\.merge: bad payload: method: /,
  ],
];

describe("the job registry", () => {
  let queue: JobQueue | undefined;
  afterEach(async () => {
    await queue?.close();
    queue = undefined;
  });

  it("declares every kind once, each with a schema and a key", () => {
    const names = jobKinds.map((kind) => kind.kind);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "pull.evaluate",
        "pull.merge",
        "group.check",
        "pull.command",
        "repo.sweep",
        "app.reconcile",
        "community.welcome",
        "community.triage",
        "community.follow-up",
        "community.process",
        "community.suggest",
        "community.release-notes",
        "community.contract-report",
        "community.schedule",
        "community.stale",
      ]),
    );
  });

  const queues: [string, () => JobQueue][] = [
    ["LocalQueue", () => new LocalQueue({ maxAttempts: 5, backoffMs: () => 1 })],
    [
      "ZmqQueue",
      () => new ZmqQueue({ workers: 1, maxAttempts: 5, backoffMs: () => 1, log: quietLog }),
    ],
  ];
  for (const [name, make] of queues) {
    it(`sends an unknown kind and a bad payload to ${name}'s dead letters at once, with the reason`, async () => {
      queue = make();
      queue.start(runner());
      for (const [, job] of refused) await queue.enqueue(job);
      await queue.idle();
      await tick(20);
      expect(queue.stats()).toMatchObject({
        done: 0,
        failed: refused.length,
        retried: 0,
        deadLettered: refused.length,
      });
      const letters = queue.deadLetters();
      expect(letters).toHaveLength(refused.length);
      for (const [what, job, reason] of refused) {
        const letter = letters.find((l) => l.job.kind === job.kind);
        expect(letter, what).toMatchObject({ attempts: 1, job: { key: job.key } });
        expect(letter?.error, what).toMatch(reason);
        expect(letter?.error, what).not.toContain("\n");
      }
    });
  }

  it("keys Owner/Repo and owner/repo alike, for every kind", () => {
    const target = (owner: string, repo: string) => ({ installationId: 1, owner, repo });
    const both = (make: (owner: string, repo: string) => Job) => [
      make("ZeroMQ", "LibZMQ").key,
      make("zeromq", "libzmq").key,
    ];
    const pairs = [
      both((o, r) => evaluateJob({ ...target(o, r), number: 7 })),
      both((o, r) =>
        mergeJob({ ...target(o, r), number: 7, sha: "a", method: "merge", checkRunId: 1 }),
      ),
      both((o, r) => commandJob({ ...target(o, r), number: 7, author: "a", body: "/c4 help" })),
      both((o, r) => sweepJob(target(o, r))),
      both((o, r) =>
        communityJob("community.welcome", {
          ...target(o, r),
          number: 7,
          author: "a",
          isPull: false,
        }),
      ),
      both((o, r) =>
        communityJob("community.triage", { ...target(o, r), number: 7, action: "opened" }),
      ),
      both((o, r) => communityJob("community.follow-up", { ...target(o, r), number: 7 })),
      both((o, r) => communityJob("community.suggest", { ...target(o, r), author: "a" })),
      both((o, r) => communityJob("community.stale", target(o, r))),
      both((o, r) => communityJob("community.release-notes", { ...target(o, r), releaseId: 3 })),
      both((o, r) =>
        communityJob("community.process", {
          ...target(o, r),
          event: { kind: "branch", branch: "topic", pusher: "a" },
        }),
      ),
    ];
    for (const [upper, lower] of pairs) expect(upper).toBe(lower);
    // An issue's community work and its pull request's own share one order.
    expect(pairs[0]?.[1]).toBe("zeromq/libzmq#7");
    expect(pairs[4]?.[1]).toBe("zeromq/libzmq#7");
    expect(reconcileJob().key).toBe("app");
  });

  it("runs the jobs of Owner/Repo and owner/repo one at a time, in arrival order", async () => {
    const local = new LocalQueue({ concurrency: 4 });
    queue = local;
    const events: string[] = [];
    let running = 0;
    let most = 0;
    local.start(async (job) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${(job.payload as { owner: string }).owner}`);
      await tick(5);
      events.push(`end ${(job.payload as { owner: string }).owner}`);
      running--;
    });
    const ref = { installationId: 1, repo: "LibZMQ", number: 7, author: "a", isPull: false };
    await local.enqueue(communityJob("community.welcome", { ...ref, owner: "ZeroMQ" }));
    await local.enqueue(
      evaluateJob({ installationId: 1, owner: "zeromq", repo: "libzmq", number: 7 }),
    );
    await local.idle();
    expect(most).toBe(1);
    expect(events).toEqual(["start ZeroMQ", "end ZeroMQ", "start zeromq", "end zeromq"]);
  });

  it("gives sweeps, periodic walks and a sweep's evaluations background requests, a merge high", () => {
    const target = { installationId: 1, owner: "zeromq", repo: "libzmq" };
    expect(requestPriorityOf(reconcileJob())).toBe("background");
    expect(requestPriorityOf(sweepJob(target))).toBe("background");
    expect(requestPriorityOf(communityJob("community.stale", target))).toBe("background");
    expect(requestPriorityOf(evaluateJob({ ...target, number: 1 }))).toBe("normal");
    expect(requestPriorityOf(evaluateJob({ ...target, number: 1, background: true }))).toBe(
      "background",
    );
    expect(
      requestPriorityOf(
        mergeJob({ ...target, number: 1, sha: "a", method: "merge", checkRunId: 1 }),
      ),
    ).toBe("high");
    expect(requestPriorityOf({ kind: "nobody.knows", key: "k", payload: null })).toBe("normal");
  });
});
