import { afterEach, describe, expect, it } from "vitest";
import { createEventReceiver, followJournal, resumeJournal } from "../../src/app/app.ts";
import type { Job } from "../../src/core/job.ts";
import { LocalQueue } from "../../src/core/local-queue.ts";
import { JobJournal } from "../../src/history/job-journal.ts";

const APP_ID = 1;

/** A `/c4` comment on a pull request: one `pull.command` job. */
const comment = (id: string, body = "/c4 recheck") => ({
  id,
  name: "issue_comment",
  payload: {
    action: "created",
    installation: { id: 7 },
    repository: { name: "libzmq", owner: { login: "zeromq" } },
    issue: { number: 12, pull_request: {} },
    comment: { body, user: { login: "alice", type: "User" } },
  },
});

const quiet = { warn: () => {}, info: () => {} };
const pending = (journal: JobJournal) =>
  journal.resume().entries.map((entry) => entry.job.deliveryId);

describe("createEventReceiver with the journal", () => {
  const open: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });

  function setUp(options: ConstructorParameters<typeof LocalQueue>[0] = {}) {
    const queue = new LocalQueue(options);
    const journal = new JobJournal();
    open.push(queue, journal);
    followJournal(queue, journal, quiet);
    return { queue, journal, receive: createEventReceiver(queue, APP_ID, journal) };
  }

  it("refuses a payload its event's mapper cannot read as malformed, status 400 (issue 21)", async () => {
    const { journal, receive } = setUp();
    const broken = {
      id: "d-bad",
      name: "installation",
      payload: { action: "created", installation: { id: 7 }, repositories: [{}] },
    };
    await expect(receive(broken)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^malformed installation delivery: /),
    });
    expect(journal.resume().entries).toEqual([]);
  });

  it("resolves once the jobs are committed, and forgets them once the queue has run them", async () => {
    const { queue, journal, receive } = setUp();
    let release = () => {};
    const ran: string[] = [];
    queue.start(async (job) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      ran.push(job.deliveryId ?? "");
    });
    await receive(comment("d1"));
    // Answered: on disk (or in memory here) while it runs.
    expect(journal.count()).toBe(1);
    release();
    await queue.idle();
    await journal.committed();
    expect(ran).toEqual(["d1"]);
    expect(journal.count()).toBe(0);
  });

  it("forgets a refused job (GitHub records the failure) and a duplicate delivery", async () => {
    const { queue, journal, receive } = setUp({ maxDepth: 1 });
    await receive(comment("d1"));
    await expect(receive(comment("d2", "/c4 merge now"))).rejects.toMatchObject({ status: 503 });
    // The redelivery of d1 is dropped by the queue: its row goes, d1's own stays.
    await receive(comment("d1"));
    await journal.committed();
    expect(pending(journal)).toEqual(["d1"]);
    expect(queue.stats()).toMatchObject({ duplicates: 1 });
  });

  it("finishes a job coalesced into an equal waiting one when that one has run", async () => {
    const { queue, journal, receive } = setUp();
    await receive(comment("d1"));
    await receive(comment("d2"));
    expect(queue.stats()).toMatchObject({ coalesced: 1, depth: 1 });
    queue.start(async () => {});
    await queue.idle();
    await journal.committed();
    expect(journal.count()).toBe(0);
  });
});

describe("resumeJournal", () => {
  it("queues the unfinished jobs again with their delivery ids; they are forgotten once run", async () => {
    const journal = new JobJournal();
    const job: Job = { kind: "community.welcome", key: "k", payload: { n: 1 }, deliveryId: "d9" };
    journal.record(job);
    await journal.committed();
    const queue = new LocalQueue();
    followJournal(queue, journal, quiet);
    const ran: Job[] = [];
    queue.start(async (j) => {
      ran.push(j);
    });
    try {
      expect(await resumeJournal(queue, journal, quiet)).toBe(1);
      await queue.idle();
      await journal.committed();
      expect(ran).toEqual([job]);
      expect(journal.count()).toBe(0);
    } finally {
      await queue.close();
      journal.close();
    }
  });
});
