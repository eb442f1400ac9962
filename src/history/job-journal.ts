import type Database from "better-sqlite3";
import type { Job } from "../core/job.ts";
import { migrateSchema, openDatabase } from "./sqlite-file.ts";

/** The journal's file inside the data directory (`C4BOT_DATA_DIR`), beside the history's. */
export const JOURNAL_FILE = "c4bot-journal.sqlite";

export interface JournalOptions {
  /** A directory, created if missing; none keeps the journal in memory (tests, the sandbox). */
  dataDir?: string;
  /**
   * Starts of serve after which a job still not finished is given up
   * (default 5): a job that crashes serve must not crash every start.
   */
  maxResumes?: number;
  /** Age after which a job still not finished is given up (default 7 days). */
  maxAgeMs?: number;
  /** The clock (ms since the epoch). */
  now?: () => number;
  /** Told when marks of finished jobs could not be written (nobody waits for them). */
  onError?: (error: unknown) => void;
}

/** A recorded job that has not finished. */
export interface JournalEntry {
  id: number;
  job: Job & { deliveryId: string };
  /** How many times a start of serve queued it again. */
  resumes: number;
  /** When it was recorded, ms since the epoch. */
  at: number;
}

interface Batch {
  rows: [id: number, deliveryId: string, kind: string, key: string, payload: string, at: number][];
  resumed: number[];
  finished: number[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

interface Row {
  id: number;
  delivery_id: string;
  kind: string;
  key: string;
  payload: string;
  resumes: number;
  at: number;
}

const emptyBatch = (): Batch => ({ rows: [], resumed: [], finished: [], waiters: [] });

/** What makes two jobs equal to the queue (it coalesces them): kind, key and payload. */
const identityOf = (job: Job) => `${job.kind}\u0000${job.key}\u0000${JSON.stringify(job.payload)}`;

/**
 * The durable intake (issue 17): each job a webhook calls for is written
 * here before the webhook is answered 2xx, and deleted once the queue is
 * finished with it (done or dead-lettered). What is left when serve starts
 * was accepted and never finished (a SIGKILL, a crash, a delayed retry
 * dropped at shutdown): serve queues it again, with its delivery id.
 *
 * Writes are group-committed: whatever arrives within one turn of the
 * event loop (setImmediate) shares one transaction, and each webhook waits
 * for its batch's commit. WAL with `synchronous = NORMAL`: a commit
 * survives the process being killed, not the machine losing power.
 *
 * A job is known by its delivery id (one per job, `withDeliveryIds`); a job
 * coalesced into an equal waiting one is finished when an equal one is.
 * One serve process owns the file: row ids are handed out here.
 */
export class JobJournal {
  readonly #db: Database.Database;
  readonly #options: Required<Omit<JournalOptions, "dataDir" | "onError">> &
    Pick<JournalOptions, "onError">;
  readonly #statements;
  /** Row ids not finished, by delivery id, and back. */
  readonly #byDelivery = new Map<string, number[]>();
  readonly #deliveryOf = new Map<number, string>();
  /** Rows coalesced into an equal waiting job: finished when an equal job is. */
  readonly #riders = new Map<string, number[]>();
  #batch = emptyBatch();
  #flushing = false;
  #nextId: number;
  #lastPrune: number;

  constructor(options: JournalOptions = {}) {
    this.#db = openDatabase(options.dataDir, JOURNAL_FILE);
    migrateSchema(this.#db, SCHEMA, { what: "job journal", moveAway: JOURNAL_FILE });
    this.#options = {
      maxResumes: options.maxResumes ?? 5,
      maxAgeMs: options.maxAgeMs ?? 7 * 86_400_000,
      now: options.now ?? Date.now,
      onError: options.onError,
    };
    const db = this.#db;
    this.#statements = {
      insert: db.prepare(
        "INSERT INTO jobs (id, delivery_id, kind, key, payload, at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      resumed: db.prepare("UPDATE jobs SET resumes = resumes + 1 WHERE id = ?"),
      finished: db.prepare("DELETE FROM jobs WHERE id = ?"),
      all: db.prepare("SELECT * FROM jobs ORDER BY id"),
      prune: db.prepare("DELETE FROM jobs WHERE at < ?"),
      count: db.prepare("SELECT COUNT(*) AS n FROM jobs"),
      maxId: db.prepare("SELECT COALESCE(MAX(id), 0) AS id FROM jobs"),
    };
    this.#nextId = (this.#statements.maxId.get() as { id: number }).id + 1;
    for (const row of this.#statements.all.all() as Row[]) this.#track(row.id, row.delivery_id);
    this.#lastPrune = this.#options.now();
  }

  /**
   * Records a job (in the next batch) and returns its row id. It is durable
   * once `committed()` resolves. The job needs its delivery id.
   */
  record(job: Job): number {
    const deliveryId = job.deliveryId;
    if (deliveryId === undefined) throw new Error("[c4bot] a journalled job needs a delivery id");
    const id = this.#nextId++;
    this.#track(id, deliveryId);
    this.#pending().rows.push([
      id,
      deliveryId,
      job.kind,
      job.key,
      JSON.stringify(job.payload) ?? "null",
      this.#options.now(),
    ]);
    return id;
  }

  /** Resolves once everything recorded or marked so far is committed; rejects if that failed. */
  committed(): Promise<void> {
    const batch = this.#batch;
    if (batch.rows.length + batch.resumed.length + batch.finished.length === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => batch.waiters.push({ resolve, reject }));
  }

  /** The queue coalesced row `id`'s job into an equal waiting one: finished along with it. */
  coalesced(id: number, job: Job): void {
    const identity = identityOf(job);
    const riders = this.#riders.get(identity);
    if (riders) riders.push(id);
    else this.#riders.set(identity, [id]);
  }

  /** Row `id` is finished with (refused by the queue, or a duplicate delivery). */
  finish(id: number): void {
    const deliveryId = this.#deliveryOf.get(id);
    if (deliveryId === undefined) return;
    this.#deliveryOf.delete(id);
    const ids = this.#byDelivery.get(deliveryId) ?? [];
    if (ids.length <= 1) this.#byDelivery.delete(deliveryId);
    else ids.splice(ids.indexOf(id), 1);
    this.#pending().finished.push(id);
  }

  /** The queue is finished with `job` (JobQueue.onSettled): its rows, and those riding on it, go. */
  settled(job: Job): void {
    if (job.deliveryId !== undefined) {
      const ids = this.#byDelivery.get(job.deliveryId);
      if (ids) for (const id of [...ids]) this.finish(id);
    }
    if (this.#riders.size === 0) return;
    const identity = identityOf(job);
    const riders = this.#riders.get(identity);
    if (!riders) return;
    this.#riders.delete(identity);
    for (const id of riders) this.finish(id);
  }

  /**
   * At start: the jobs recorded and not finished, oldest first, each counted
   * as resumed once more (committed before this returns, so a job that
   * crashes serve is counted). Those too old or resumed too often are
   * deleted and returned as `abandoned`.
   */
  resume(): { entries: JournalEntry[]; abandoned: JournalEntry[] } {
    this.flush();
    const cutoff = this.#options.now() - this.#options.maxAgeMs;
    const entries: JournalEntry[] = [];
    const abandoned: JournalEntry[] = [];
    for (const row of this.#statements.all.all() as Row[]) {
      const entry = toEntry(row);
      if (row.at < cutoff || row.resumes >= this.#options.maxResumes) {
        abandoned.push(entry);
        this.finish(row.id);
      } else {
        entries.push({ ...entry, resumes: row.resumes + 1 });
        this.#pending().resumed.push(row.id);
      }
    }
    this.flush();
    return { entries, abandoned };
  }

  /** Committed rows not finished. */
  count(): number {
    return (this.#statements.count.get() as { n: number }).n;
  }

  /** Commits the open batch now. */
  flush(): void {
    const batch = this.#batch;
    this.#batch = emptyBatch();
    this.#flushing = false;
    if (batch.rows.length + batch.resumed.length + batch.finished.length === 0) return;
    const statements = this.#statements;
    try {
      this.#db.transaction(() => {
        for (const row of batch.rows) statements.insert.run(row);
        for (const id of batch.resumed) statements.resumed.run(id);
        for (const id of batch.finished) statements.finished.run(id);
        this.#pruneHourly();
      })();
    } catch (error) {
      if (batch.waiters.length === 0) this.#options.onError?.(error);
      for (const waiter of batch.waiters) waiter.reject(error);
      return;
    }
    for (const waiter of batch.waiters) waiter.resolve();
  }

  /** Commits what is open and closes the file. */
  close(): void {
    if (!this.#db.open) return;
    this.flush();
    this.#db.close();
  }

  /** The open batch, with its commit scheduled for the end of this turn of the event loop. */
  #pending(): Batch {
    if (!this.#flushing) {
      this.#flushing = true;
      setImmediate(() => {
        if (this.#db.open) this.flush();
      });
    }
    return this.#batch;
  }

  #track(id: number, deliveryId: string): void {
    this.#deliveryOf.set(id, deliveryId);
    const ids = this.#byDelivery.get(deliveryId);
    if (ids) ids.push(id);
    else this.#byDelivery.set(deliveryId, [id]);
  }

  /** A backstop: rows older than maxAgeMs go (a queue that never reports would leave them). */
  #pruneHourly(): void {
    const now = this.#options.now();
    if (now - this.#lastPrune < 3_600_000) return;
    this.#lastPrune = now;
    this.#statements.prune.run(now - this.#options.maxAgeMs);
  }
}

function toEntry(row: Row): JournalEntry {
  return {
    id: row.id,
    job: {
      kind: row.kind,
      key: row.key,
      payload: JSON.parse(row.payload) as unknown,
      deliveryId: row.delivery_id,
    },
    resumes: row.resumes,
    at: row.at,
  };
}

/** The schema, one step per version (`PRAGMA user_version`): append, never edit. */
const SCHEMA = [
  `
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      delivery_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      key TEXT NOT NULL,
      payload TEXT NOT NULL,
      at INTEGER NOT NULL,
      resumes INTEGER NOT NULL DEFAULT 0
    );
  `,
];
