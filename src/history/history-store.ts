import type Database from "better-sqlite3";
import {
  type AttentionEvent,
  attentionSubject,
  type MergeEvent,
  type VerdictEvent,
} from "./bot-events.ts";
import { migrateSchema, openDatabase } from "./sqlite-file.ts";

/** The history's file inside the data directory (`C4BOT_DATA_DIR`). */
export const HISTORY_FILE = "c4bot.sqlite";

export interface Retention {
  /** Drop what was last seen more than this many days ago (default 90; 0 keeps all). */
  days?: number;
  /** Keep at most this many verdicts and as many merges (default 100,000; 0: no bound). */
  rows?: number;
}

export interface HistoryOptions {
  /** A directory, created if missing; none keeps the history in memory (tests, the sandbox). */
  dataDir?: string;
  retention?: Retention;
  now?: () => Date;
}

/** One rule's outcome as stored: enough to draw the dashboard and explain it. */
export interface StoredRule {
  rule: string;
  clause: string;
  outcome: string;
  message: string;
  blocking: boolean;
}

/**
 * The latest verdict on a pull request: the event as stored, its verdict
 * flattened to a decision and rules; `at` is when this verdict was first
 * reached on this head.
 */
export interface PullRecord extends Omit<VerdictEvent, "verdict"> {
  decision: string;
  rules: StoredRule[];
  /** When it was last reached again (sweeps and events repeat verdicts). */
  seenAt: string;
}

/** One pull request's story in the history (see `pullActivity`). */
export interface PullActivity {
  repo: string;
  number: number;
  title: string;
  author: string;
  /** The latest decision: merge, wait or reject. */
  decision: string;
  /** The first verdict: about when it was opened. */
  firstAt: string;
  /** When its latest head was first judged: about its last push. */
  lastAt: string;
  mergedAt: string | null;
}

interface ActivityRow {
  repo: string;
  number: number;
  title: string;
  author: string;
  decision: string;
  first_at: string;
  last_at: string;
  merged_at: string | null;
}

export interface MergeRecord {
  repo: string;
  number: number;
  title: string;
  sha: string | null;
  forced: string | null;
  isPrivate: boolean;
  at: string;
}

/** A notice of what people wait for, as stored (the latest per subject). */
export type AttentionRecord = Omit<AttentionEvent, "cleared">;

export interface ListOptions {
  /** Private repositories only for a signed-in maintainer. */
  includePrivate: boolean;
  limit?: number;
}

/**
 * Verdicts and merges in an embedded SQLite database (better-sqlite3), so the
 * dashboard survives a restart (issue 6). A verdict repeated on the same head
 * (every sweep repeats it) only moves `seen_at`, so the table grows with
 * changes, not with time; retention bounds it by age and row count.
 */
export class HistoryStore {
  readonly #db: Database.Database;
  readonly #retention: Required<Retention>;
  readonly #now: () => Date;
  readonly #statements;
  #writesSincePrune = 0;
  #lastPrune = 0;

  constructor(options: HistoryOptions = {}) {
    // WAL: readers (the dashboard) never wait for the writer (the workers).
    this.#db = openDatabase(options.dataDir, HISTORY_FILE);
    migrateSchema(this.#db, SCHEMA, { what: "history", moveAway: "the data directory" });
    this.#retention = {
      days: options.retention?.days ?? 90,
      rows: options.retention?.rows ?? 100_000,
    };
    this.#now = options.now ?? (() => new Date());
    const db = this.#db;
    this.#statements = {
      latestOf: db.prepare(
        "SELECT id, head_sha, decision, merging, dry_run, rules, title FROM verdicts WHERE repo = ? AND number = ? ORDER BY id DESC LIMIT 1",
      ),
      touch: db.prepare("UPDATE verdicts SET seen_at = ?, private = ? WHERE id = ?"),
      insertVerdict: db.prepare(
        `INSERT INTO verdicts (repo, number, title, author, head_sha, private, decision, merging, dry_run, rules, at, seen_at)
         VALUES (@repo, @number, @title, @author, @headSha, @private, @decision, @merging, @dryRun, @rules, @at, @at)`,
      ),
      privacyOf: db.prepare(
        "SELECT private, title FROM verdicts WHERE repo = ? AND number = ? ORDER BY id DESC LIMIT 1",
      ),
      insertMerge: db.prepare(
        `INSERT INTO merges (repo, number, title, sha, forced, private, at)
         VALUES (@repo, @number, @title, @sha, @forced, @private, @at)`,
      ),
      // The latest verdict of each pull request that has no merge recorded after it.
      openPulls: db.prepare(
        `SELECT v.* FROM verdicts v
         JOIN (SELECT repo, number, MAX(id) AS id FROM verdicts GROUP BY repo, number) latest ON latest.id = v.id
         WHERE (@includePrivate = 1 OR v.private = 0)
           AND NOT EXISTS (SELECT 1 FROM merges m WHERE m.repo = v.repo AND m.number = v.number AND m.at >= v.at)
         ORDER BY v.repo, v.number DESC LIMIT @limit`,
      ),
      // Per pull request: its author, first and last verdict, latest decision, first merge.
      activity: db.prepare(
        `SELECT v.repo, v.number, v.title, v.author, v.decision,
                (SELECT MIN(a.at) FROM verdicts a WHERE a.repo = v.repo AND a.number = v.number) AS first_at,
                v.at AS last_at,
                (SELECT MIN(m.at) FROM merges m WHERE m.repo = v.repo AND m.number = v.number) AS merged_at
         FROM verdicts v
         JOIN (SELECT repo, number, MAX(id) AS id FROM verdicts GROUP BY repo, number) latest ON latest.id = v.id
         WHERE (@includePrivate = 1 OR v.private = 0) AND v.seen_at >= @since
         ORDER BY v.repo, v.number`,
      ),
      merges: db.prepare(
        `SELECT * FROM merges WHERE (@includePrivate = 1 OR private = 0) ORDER BY id DESC LIMIT @limit`,
      ),
      pruneVerdictsByAge: db.prepare("DELETE FROM verdicts WHERE seen_at < ?"),
      pruneMergesByAge: db.prepare("DELETE FROM merges WHERE at < ?"),
      pruneAttentionByAge: db.prepare("DELETE FROM attention WHERE at < ?"),
      pruneVerdictsByRows: db.prepare(
        "DELETE FROM verdicts WHERE id <= (SELECT MAX(id) FROM verdicts) - ?",
      ),
      pruneMergesByRows: db.prepare(
        "DELETE FROM merges WHERE id <= (SELECT MAX(id) FROM merges) - ?",
      ),
      putAttention: db.prepare(
        // A notice said again keeps its first time: "since" is when people began to wait.
        `INSERT INTO attention (subject, kind, repo, number, installation, private, text, details, until, at)
         VALUES (@subject, @kind, @repo, @number, @installation, @private, @text, @details, @until, @at)
         ON CONFLICT (subject) DO UPDATE SET private = excluded.private, text = excluded.text,
           details = excluded.details, until = excluded.until`,
      ),
      dropAttention: db.prepare("DELETE FROM attention WHERE subject = ?"),
      attention: db.prepare(
        "SELECT * FROM attention WHERE (@includePrivate = 1 OR private = 0) ORDER BY at DESC LIMIT @limit",
      ),
      counts: db.prepare(
        "SELECT (SELECT COUNT(*) FROM verdicts) AS verdicts, (SELECT COUNT(*) FROM merges) AS merges",
      ),
    };
    this.prune();
  }

  /** Records a verdict; the same verdict on the same head again only moves `seen_at`. */
  recordVerdict(event: VerdictEvent): void {
    const rules: StoredRule[] = event.verdict.results.map((result) => ({
      rule: result.rule,
      clause: result.clause,
      outcome: result.outcome,
      message: result.message,
      blocking: result.blocking === true,
    }));
    const row = {
      repo: event.repo,
      number: event.number,
      title: event.title,
      author: event.author,
      headSha: event.headSha,
      private: event.isPrivate ? 1 : 0,
      decision: event.verdict.decision,
      merging: event.merging ? 1 : 0,
      dryRun: event.dryRun ? 1 : 0,
      rules: JSON.stringify(rules),
      at: event.at,
    };
    // A verdict means the config was read and the pull request judged afresh.
    this.#statements.dropAttention.run(
      attentionSubject({ ...event, kind: "config-broken", installation: null }),
    );
    this.#statements.dropAttention.run(
      attentionSubject({ ...event, kind: "merge-retry", installation: null }),
    );
    const latest = this.#statements.latestOf.get(event.repo, event.number) as
      | {
          id: number;
          head_sha: string;
          decision: string;
          merging: number;
          dry_run: number;
          rules: string;
          title: string;
        }
      | undefined;
    if (
      latest &&
      latest.head_sha === row.headSha &&
      latest.decision === row.decision &&
      latest.merging === row.merging &&
      latest.dry_run === row.dryRun &&
      latest.rules === row.rules &&
      latest.title === row.title
    ) {
      this.#statements.touch.run(event.at, row.private, latest.id);
      return;
    }
    this.#statements.insertVerdict.run(row);
    this.#wrote();
  }

  /** Records a merge; its title and privacy come from the pull request's last verdict. */
  recordMerge(event: MergeEvent): void {
    const known = this.#statements.privacyOf.get(event.repo, event.number) as
      | { private: number; title: string }
      | undefined;
    this.#statements.dropAttention.run(
      attentionSubject({ ...event, kind: "merge-retry", installation: null }),
    );
    this.#statements.insertMerge.run({
      repo: event.repo,
      number: event.number,
      title: known?.title ?? "",
      sha: event.sha,
      forced: event.forced ?? null,
      // Never seen judged: not known to be public, so treated as private.
      private: known ? known.private : 1,
      at: event.at,
    });
    this.#wrote();
  }

  /** Keeps the latest notice per subject, since its first time; a cleared one drops it. */
  recordAttention(event: AttentionEvent): void {
    const subject = attentionSubject(event);
    if (event.cleared) {
      this.#statements.dropAttention.run(subject);
      return;
    }
    // A merge job does not know its repository's privacy: its last verdict does.
    const known =
      event.number !== null
        ? (this.#statements.privacyOf.get(event.repo, event.number) as
            | { private: number }
            | undefined)
        : undefined;
    this.#statements.putAttention.run({
      subject,
      kind: event.kind,
      repo: event.repo,
      number: event.number,
      installation: event.installation,
      private: known ? known.private : event.isPrivate ? 1 : 0,
      text: event.text,
      details: JSON.stringify(event.details),
      until: event.until,
      at: event.at,
    });
  }

  /** The standing notices, newest first. */
  attention(options: ListOptions): AttentionRecord[] {
    const rows = this.#statements.attention.all({
      includePrivate: options.includePrivate ? 1 : 0,
      limit: options.limit ?? 100,
    }) as AttentionRow[];
    return rows.map((row) => ({
      kind: row.kind as AttentionRecord["kind"],
      repo: row.repo,
      number: row.number,
      installation: row.installation,
      isPrivate: row.private === 1,
      text: row.text,
      details: JSON.parse(row.details) as string[],
      until: row.until,
      at: row.at,
    }));
  }

  /** Open pull requests (last verdict, no merge since), by repository. */
  openPulls(options: ListOptions): PullRecord[] {
    const rows = this.#statements.openPulls.all({
      includePrivate: options.includePrivate ? 1 : 0,
      limit: options.limit ?? 1000,
    }) as VerdictRow[];
    return rows.map(toPullRecord);
  }

  /** The latest merges, newest first. */
  recentMerges(options: ListOptions): MergeRecord[] {
    const rows = this.#statements.merges.all({
      includePrivate: options.includePrivate ? 1 : 0,
      limit: options.limit ?? 20,
    }) as MergeRow[];
    return rows.map((row) => ({
      repo: row.repo,
      number: row.number,
      title: row.title,
      sha: row.sha,
      forced: row.forced,
      isPrivate: row.private === 1,
      at: row.at,
    }));
  }

  /**
   * What the history knows of each pull request seen since `since`: enough
   * for the contributor figures on the dashboard (the full report, with
   * self-merges, is `c4bot report`, read from GitHub).
   */
  pullActivity(options: ListOptions & { since: string }): PullActivity[] {
    const rows = this.#statements.activity.all({
      includePrivate: options.includePrivate ? 1 : 0,
      since: options.since,
    }) as ActivityRow[];
    return rows.map((row) => ({
      repo: row.repo,
      number: row.number,
      title: row.title,
      author: row.author,
      decision: row.decision,
      firstAt: row.first_at,
      lastAt: row.last_at,
      mergedAt: row.merged_at,
    }));
  }

  counts(): { verdicts: number; merges: number } {
    return this.#statements.counts.get() as { verdicts: number; merges: number };
  }

  /** Applies the retention: by age of last sighting, then by row count. */
  prune(): void {
    const { days, rows } = this.#retention;
    const statements = this.#statements;
    this.#db.transaction(() => {
      if (days > 0) {
        const cutoff = new Date(this.#now().getTime() - days * 86_400_000).toISOString();
        statements.pruneVerdictsByAge.run(cutoff);
        statements.pruneMergesByAge.run(cutoff);
        statements.pruneAttentionByAge.run(cutoff);
      }
      if (rows > 0) {
        statements.pruneVerdictsByRows.run(rows);
        statements.pruneMergesByRows.run(rows);
      }
    })();
    this.#writesSincePrune = 0;
    this.#lastPrune = this.#now().getTime();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #wrote(): void {
    // Pruning on every write would cost a scan each; every 100 writes keeps the
    // row bound within 100 of the setting, and once an hour the age bound.
    const hourPassed = this.#now().getTime() - this.#lastPrune > 3_600_000;
    if (++this.#writesSincePrune >= 100 || hourPassed) this.prune();
  }
}

interface VerdictRow {
  repo: string;
  number: number;
  title: string;
  author: string;
  head_sha: string;
  private: number;
  decision: string;
  merging: number;
  dry_run: number;
  rules: string;
  at: string;
  seen_at: string;
}

interface AttentionRow {
  kind: string;
  repo: string | null;
  number: number | null;
  installation: number | null;
  private: number;
  text: string;
  details: string;
  until: string | null;
  at: string;
}

interface MergeRow {
  repo: string;
  number: number;
  title: string;
  sha: string | null;
  forced: string | null;
  private: number;
  at: string;
}

function toPullRecord(row: VerdictRow): PullRecord {
  return {
    repo: row.repo,
    number: row.number,
    title: row.title,
    author: row.author,
    headSha: row.head_sha,
    isPrivate: row.private === 1,
    decision: row.decision,
    merging: row.merging === 1,
    dryRun: row.dry_run === 1,
    rules: JSON.parse(row.rules) as StoredRule[],
    at: row.at,
    seenAt: row.seen_at,
  };
}

/** The schema, one step per version (`PRAGMA user_version`): append, never edit. */
const SCHEMA = [
  `
      CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        author TEXT NOT NULL,
        head_sha TEXT NOT NULL,
        private INTEGER NOT NULL,
        decision TEXT NOT NULL,
        merging INTEGER NOT NULL,
        dry_run INTEGER NOT NULL,
        rules TEXT NOT NULL,
        at TEXT NOT NULL,
        seen_at TEXT NOT NULL
      );
      CREATE INDEX verdicts_by_pull ON verdicts (repo, number, id);
      CREATE INDEX verdicts_by_seen ON verdicts (seen_at);
      CREATE TABLE merges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        sha TEXT,
        forced TEXT,
        private INTEGER NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX merges_by_pull ON merges (repo, number);
  `,
  // Issue 21: what people wait for, the latest notice per subject.
  `
      CREATE TABLE attention (
        subject TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        repo TEXT,
        number INTEGER,
        installation INTEGER,
        private INTEGER NOT NULL,
        text TEXT NOT NULL,
        details TEXT NOT NULL,
        until TEXT,
        at TEXT NOT NULL
      );
  `,
];
