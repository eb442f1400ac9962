import { markers } from "./community-text.ts";

/** One thing that reached the repository outside C4's process. */
export interface ProcessEntry {
  /** Stable id, so a webhook delivered twice records it once. */
  id: string;
  clause: string;
  what: string;
  at: string;
}

export const processReportTitle = "C4 process report: changes outside pull requests";

const rowId = /<!-- id:(\S+) -->/;
const header = `${markers.processReport}
c4bot records here what reached this repository outside C4's process, so the maintainers can see it in one place. Nothing is undone automatically.

- a push to the default branch with commits that belong to no pull request (C4 2.4.8, 2.4.9: patches arrive as pull requests; nobody commits directly)
- a new branch in the project's repository (C4 2.5.2: topic branches live in forks)
- a maintainer merging their own pull request by hand within the quiet period, before any other maintainer answered (C4 2.4.13: an audit note)
- the default branch's checks going red (C4 2.5.1: the default branch always builds)
- a release tag that is not on the default branch (C4 2.5.3: stable releases are tags on it)

| when | C4 | what |
| --- | --- | --- |`;

/** At most this many rows stay in the body (GitHub caps an issue body at 65,536 characters). */
export const maxRows = 200;

/**
 * The tracking issue's new body with `entries` added, or null when every one
 * of them is recorded already. Pure.
 */
export function addProcessEntries(body: string | null, entries: ProcessEntry[]): string | null {
  const rows = body
    ? body.split("\n").filter((line) => line.startsWith("| ") && rowId.test(line))
    : [];
  const known = new Set(rows.map((line) => rowId.exec(line)?.[1]));
  const fresh = entries.filter((entry) => !known.has(entry.id));
  if (fresh.length === 0) return null;
  const added = fresh.map(
    (entry) =>
      `| ${entry.at.slice(0, 16).replace("T", " ")} | ${entry.clause} | ${entry.what.replaceAll("|", "\\|")} <!-- id:${entry.id} --> |`,
  );
  return `${header}\n${[...rows, ...added].slice(-maxRows).join("\n")}\n`;
}
