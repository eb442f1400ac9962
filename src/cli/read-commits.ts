import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { Commit } from "../c4/index.ts";
import { UsageError } from "./usage-error.ts";

/**
 * One record per commit: sha, parents, committer date, author e-mail and the
 * raw message, separated by US (0x1f). `-z` ends each record with NUL, which
 * git refuses in commit messages, so records split safely; the fields before
 * the message hold no 0x1f, so the message is "everything after the 4th".
 */
export const commitLogFormat = "--format=%H%x1f%P%x1f%cI%x1f%ae%x1f%B";

/** The `git log` arguments that print `range` in `commitLogFormat`, oldest first. */
export function commitLogArgs(range: string[], maxCount?: number): string[] {
  const limit = maxCount === undefined ? [] : [`--max-count=${maxCount}`];
  // `--reverse` applies after `--max-count`: the newest N, listed oldest first
  // like GitHub lists a pull request's commits.
  return ["log", "-z", "--reverse", commitLogFormat, ...limit, ...range, "--"];
}

/**
 * Reads the commits of `range` (anything `git rev-list` takes) with ONE git
 * process, parsing its output as it streams: 10,000 commits cost a few
 * milliseconds beyond git's own time. The author login is null: a local
 * repository knows e-mails, not GitHub accounts.
 */
export function readCommits(cwd: string, range: string[], maxCount?: number): Promise<Commit[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", commitLogArgs(range, maxCount), {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const commits: Commit[] = [];
    const decoder = new StringDecoder("utf8");
    let pending = "";
    const errors: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      pending += decoder.write(chunk);
      let start = 0;
      let end = pending.indexOf("\0", start);
      while (end !== -1) {
        commits.push(parseRecord(pending.slice(start, end)));
        start = end + 1;
        end = pending.indexOf("\0", start);
      }
      pending = pending.slice(start);
    });
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      pending += decoder.end();
      if (code !== 0) {
        const detail = Buffer.concat(errors).toString("utf8").trim().split("\n")[0];
        reject(new UsageError(`git log ${range.join(" ")} failed: ${detail}`));
        return;
      }
      if (pending.length > 0) commits.push(parseRecord(pending));
      resolve(commits);
    });
  });
}

function parseRecord(record: string): Commit {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const end = record.indexOf("\x1f", start);
    fields.push(record.slice(start, end));
    start = end + 1;
  }
  const [sha = "", parents = "", committedAt = ""] = fields;
  return {
    sha,
    message: record.slice(start),
    parents: parents === "" ? 0 : parents.split(" ").length,
    author: null,
    ...(committedAt ? { committedAt } : {}),
  };
}
