import { markdownText } from "../c4/markdown.ts";
import type { HistoryCommit } from "../github/compare-refs.ts";
import type { PullRecord } from "../github/list-pulls.ts";

/** One solved problem set: a pull request with its `Problem:` lines and the issues it closed. */
export interface NotesEntry {
  number: number;
  title: string;
  author: string;
  problems: string[];
  closes: { number: number; title: string }[];
}

export interface ReleaseNotes {
  repo: string;
  from: string | null;
  to: string;
  pulls: NotesEntry[];
  /** Commits in the range that came through no pull request (C4 2.4.8 says they should not exist). */
  direct: { sha: string; problems: string[] }[];
  contributors: string[];
  /** False when the walk stopped at its request budget: the notes may miss entries. */
  complete: boolean;
}

const problemLine = /^\s*problem:\s*(.+)$/i;

function problemsOf(messages: string[]): string[] {
  const found: string[] = [];
  for (const message of messages) {
    const first = message.split("\n")[0] ?? "";
    const match = problemLine.exec(first);
    if (match?.[1] && !found.includes(match[1].trim())) found.push(match[1].trim());
  }
  return found;
}

/**
 * C4 2.4.6: a release's history is the list of problems it solves. The pull
 * requests merged between two tags (their merge commit, or one of their
 * commits, is in the range), each with the `Problem:` first lines of its
 * commits and the issues it closed; then commits that came through no pull
 * request; then everyone who contributed. Pure.
 */
export function releaseNotes(input: {
  repo: string;
  from: string | null;
  to: string;
  commits: HistoryCommit[];
  pulls: PullRecord[];
  complete: boolean;
}): ReleaseNotes {
  const inRange = new Set(input.commits.map((commit) => commit.sha));
  const covered = new Set<string>();
  const pulls: NotesEntry[] = [];
  const people = new Set<string>();
  const merged = input.pulls
    .filter((pull) => pull.state === "MERGED")
    .filter(
      (pull) =>
        (pull.mergeCommit !== null && inRange.has(pull.mergeCommit)) ||
        pull.commits.some((commit) => inRange.has(commit.sha)),
    )
    .sort((a, b) => a.number - b.number);
  for (const pull of merged) {
    if (pull.mergeCommit) covered.add(pull.mergeCommit);
    for (const commit of pull.commits) covered.add(commit.sha);
    const problems = problemsOf(pull.commits.map((commit) => commit.message));
    pulls.push({
      number: pull.number,
      title: pull.title,
      author: pull.author,
      problems: problems.length > 0 ? problems : problemsOf([pull.title]),
      closes: pull.closes,
    });
    people.add(pull.author);
    for (const commit of pull.commits) if (commit.author) people.add(commit.author);
  }
  const direct = input.commits
    .filter((commit) => !covered.has(commit.sha))
    // Squash and rebase merges rewrite commits: a "(#N)" subject names its pull request.
    .filter((commit) => !/\(#\d+\)\s*$/.test(commit.message.split("\n")[0] ?? ""))
    .map((commit) => ({ sha: commit.sha, problems: problemsOf([commit.message]) }))
    .filter((commit) => commit.problems.length > 0);
  for (const commit of input.commits) {
    if (commit.author && !covered.has(commit.sha)) people.add(commit.author);
  }
  const contributors = [...people]
    .filter((login) => !login.endsWith("[bot]"))
    .sort((a, b) => a.localeCompare(b));
  return {
    repo: input.repo,
    from: input.from,
    to: input.to,
    pulls,
    direct,
    contributors,
    complete: input.complete,
  };
}

/** The notes as Markdown, for a terminal or a release's body. */
export function renderReleaseNotes(notes: ReleaseNotes): string {
  const range = notes.from ? `${notes.from}...${notes.to}` : `up to ${notes.to}`;
  const lines = [`## Problems solved (${range})`, ""];
  if (notes.pulls.length === 0 && notes.direct.length === 0)
    lines.push("No pull requests were merged in this range.", "");
  for (const pull of notes.pulls) {
    const closes = pull.closes.map((issue) => `#${issue.number}`).join(", ");
    const problems = pull.problems.length > 0 ? pull.problems : [pull.title];
    lines.push(`- #${pull.number} by @${pull.author}${closes ? ` (closes ${closes})` : ""}`);
    for (const problem of problems) lines.push(`  - Problem: ${markdownText(problem)}`);
  }
  if (notes.direct.length > 0) {
    lines.push("", "Outside pull requests (C4 2.4.8):");
    for (const commit of notes.direct) {
      for (const problem of commit.problems)
        lines.push(`- ${commit.sha.slice(0, 7)} Problem: ${markdownText(problem)}`);
    }
  }
  lines.push("", "## Contributors", "");
  lines.push(
    notes.contributors.length > 0
      ? notes.contributors.map((login) => `@${login}`).join(", ")
      : "none",
  );
  if (!notes.complete) {
    lines.push("", "_c4bot stopped at its request budget: these notes may be incomplete._");
  }
  lines.push("", "_Release history as C4 2.4.6 defines it: the problems logged and solved._");
  return `${lines.join("\n")}\n`;
}
