import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { Job } from "../../src/core/job.ts";
import { JOURNAL_FILE, JobJournal, type JournalOptions } from "../../src/history/job-journal.ts";

const dirs: string[] = [];
const journals: JobJournal[] = [];
afterEach(() => {
  for (const journal of journals.splice(0)) journal.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(options: JournalOptions = {}) {
  const journal = new JobJournal(options);
  journals.push(journal);
  return journal;
}

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), "c4bot-journal-"));
  dirs.push(dir);
  return dir;
}

const job = (deliveryId: string, number = 1, kind = "pull.evaluate"): Job => ({
  kind,
  key: `zeromq/libzmq#${number}`,
  payload: { installationId: 1, owner: "zeromq", repo: "libzmq", number },
  deliveryId,
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The rows as another connection to the file sees them: what survives a SIGKILL. */
function onDisk(dir: string): { delivery_id: string; resumes: number }[] {
  const db = new Database(join(dir, JOURNAL_FILE), { readonly: true });
  try {
    return db.prepare("SELECT delivery_id, resumes FROM jobs ORDER BY id").all() as never;
  } finally {
    db.close();
  }
}

describe("JobJournal", () => {
  it("commits the jobs recorded in one turn of the event loop as one batch, then resolves", async () => {
    const dir = dataDir();
    const journal = open({ dataDir: dir });
    const resolved: string[] = [];
    for (const id of ["d1", "d2", "d3"]) {
      journal.record(job(id));
      void journal.committed().then(() => resolved.push(id));
    }
    // Nothing written yet: the batch is open until the end of this turn.
    expect(onDisk(dir)).toEqual([]);
    await turn();
    expect(onDisk(dir).map((row) => row.delivery_id)).toEqual(["d1", "d2", "d3"]);
    await Promise.resolve();
    expect(resolved).toEqual(["d1", "d2", "d3"]);
    // Nothing open: resolves at once.
    await journal.committed();
  });

  it("deletes a job the queue settled, by delivery id, and a finished one by row id", async () => {
    const dir = dataDir();
    const journal = open({ dataDir: dir });
    journal.record(job("d1"));
    const second = journal.record(job("d2", 2));
    journal.record(job("d3", 3));
    await journal.committed();
    journal.settled(job("d1"));
    journal.finish(second);
    // A job the journal never had (a follow-up, a sweep's) is nothing to it.
    journal.settled(job("unknown", 9));
    journal.settled({ kind: "app.reconcile", key: "app", payload: {} });
    await journal.committed();
    expect(onDisk(dir).map((row) => row.delivery_id)).toEqual(["d3"]);
    expect(journal.count()).toBe(1);
  });

  it("deletes a job settled before its batch was committed: the row never stays", async () => {
    const dir = dataDir();
    const journal = open({ dataDir: dir });
    journal.record(job("d1"));
    journal.settled(job("d1"));
    await journal.committed();
    expect(onDisk(dir)).toEqual([]);
  });

  it("finishes a coalesced job when an equal one settles, whatever its delivery id", async () => {
    const journal = open();
    const first = journal.record(job("d1"));
    const rider = journal.record(job("d2"));
    const other = journal.record(job("d3", 3));
    journal.coalesced(rider, job("d2"));
    journal.coalesced(other, job("d3", 3));
    await journal.committed();
    // An equal job with no delivery id (a follow-up) covers the rider too.
    journal.settled({ ...job("d1"), deliveryId: undefined } as Job);
    await journal.committed();
    expect(journal.resume().entries.map((entry) => entry.id)).toEqual([first, other]);
  });

  it("lists unfinished jobs oldest first at a reopen, counting each resume", async () => {
    const dir = dataDir();
    const first = open({ dataDir: dir });
    first.record(job("d1"));
    first.record(job("d2", 2, "community.welcome"));
    first.record(job("d3", 3));
    first.settled(job("d2", 2, "community.welcome"));
    await first.committed();
    // Killed: nothing more written. A new process opens the same file.
    const second = open({ dataDir: dir });
    const { entries, abandoned } = second.resume();
    expect(abandoned).toEqual([]);
    expect(entries.map((entry) => [entry.job.deliveryId, entry.resumes])).toEqual([
      ["d1", 1],
      ["d3", 1],
    ]);
    expect(entries[1]?.job).toEqual(job("d3", 3));
    expect(onDisk(dir).map((row) => row.resumes)).toEqual([1, 1]);
    // The reopened journal knows its rows by delivery id, and numbers new ones after them.
    second.settled(job("d1"));
    const next = second.record(job("d4", 4));
    expect(next).toBeGreaterThan(entries[1]?.id ?? 0);
    await second.committed();
    expect(onDisk(dir).map((row) => row.delivery_id)).toEqual(["d3", "d4"]);
  });

  it("gives up a job resumed too often (one that kills serve) or too old", async () => {
    const dir = dataDir();
    let now = 1_000_000;
    const options = { dataDir: dir, maxResumes: 2, maxAgeMs: 60_000, now: () => now };
    const journal = open(options);
    journal.record(job("poison"));
    journal.close();
    now += 1000;
    const fresh = open(options);
    fresh.record(job("fresh", 2));
    fresh.close();
    expect(
      open(options)
        .resume()
        .entries.map((entry) => entry.job.deliveryId),
    ).toEqual(["poison", "fresh"]);
    const third = open(options);
    const again = third.resume();
    expect(again.entries.map((entry) => entry.job.deliveryId)).toEqual(["poison", "fresh"]);
    expect(again.entries.map((entry) => entry.resumes)).toEqual([2, 2]);
    third.close();
    // Both were resumed maxResumes times; the poison one is older than maxAgeMs, too.
    now += 60_000;
    const fourth = open(options);
    fourth.record(job("new", 3));
    const last = fourth.resume();
    expect(last.abandoned.map((entry) => entry.job.deliveryId)).toEqual(["poison", "fresh"]);
    expect(last.entries.map((entry) => entry.job.deliveryId)).toEqual(["new"]);
    expect(onDisk(dir).map((row) => row.delivery_id)).toEqual(["new"]);
  });

  it("prunes rows older than maxAgeMs while running, at most hourly", async () => {
    let now = 0;
    const journal = open({ maxAgeMs: 60_000, now: () => now });
    journal.record(job("stuck"));
    await journal.committed();
    now = 30 * 60_000;
    journal.record(job("d2", 2));
    await journal.committed();
    expect(journal.count()).toBe(2);
    now = 61 * 60_000;
    journal.record(job("d3", 3));
    await journal.committed();
    expect(journal.resume().entries.map((entry) => entry.job.deliveryId)).toEqual(["d3"]);
  });

  it("works in memory without a data directory, and needs a delivery id", async () => {
    const journal = open();
    journal.record(job("d1"));
    await journal.committed();
    expect(journal.count()).toBe(1);
    expect(() => journal.record({ kind: "k", key: "k", payload: {} })).toThrow(/delivery id/);
  });

  it("refuses a file written by a newer c4bot", () => {
    const dir = dataDir();
    open({ dataDir: dir }).close();
    const db = new Database(join(dir, JOURNAL_FILE));
    db.pragma("user_version = 99");
    db.close();
    expect(() => open({ dataDir: dir })).toThrow(/newer c4bot/);
  });
});
