import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * Opens `file` in `dataDir` (created if missing), or a database in memory
 * without one. WAL: readers never wait for the writer. `synchronous =
 * NORMAL`: a commit survives the process being killed, not the machine
 * losing power.
 */
export function openDatabase(dataDir: string | undefined, file: string): Database.Database {
  let path = ":memory:";
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    path = join(dataDir, file);
  }
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  return db;
}

/**
 * Brings the schema forward (`PRAGMA user_version`): step i (SQL) takes
 * version i to i + 1, in one transaction. A file from a newer c4bot is
 * refused, naming `what` it holds and what to move away.
 */
export function migrateSchema(
  db: Database.Database,
  steps: readonly string[],
  refusal: { what: string; moveAway: string },
): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > steps.length) {
    throw new Error(
      `[c4bot] the ${refusal.what} was written by a newer c4bot (schema ${version}, this one knows ${steps.length}); upgrade c4bot or move ${refusal.moveAway} away`,
    );
  }
  for (let from = version; from < steps.length; from++) {
    db.transaction(() => {
      db.exec(steps[from] as string);
      db.pragma(`user_version = ${from + 1}`);
    })();
  }
}
