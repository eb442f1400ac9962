import { matchPrefix } from "../prefix.ts";
import type { Rule } from "../result.ts";
import { messageLines, truncate } from "../text.ts";

/**
 * C4 2.3.2: "A patch SHOULD be a minimal and accurate answer to exactly one
 * identified and agreed problem." The problem is identified by an open issue
 * the pull request closes (closing keyword or GitHub's linked issues); or,
 * since on GitHub a pull request is an issue (C4 2.4.10), by the pull request
 * itself: a `Problem:` or `Problems:` line (any case) in its title or body, or
 * a `Problem:` line in every one of its commits. Unless the project sets
 * `requireIssue`. It warns by default, the clause being a SHOULD.
 */
export const problemStatement: Rule = {
  id: "problem-statement",
  clause: "2.3.2",
  scope: "pull",
  evaluate(snapshot, config) {
    const { requireIssue } = config.rules["problem-statement"];
    const { problemPrefix } = config.rules["commit-message"];
    const here = `${snapshot.repo.owner}/${snapshot.repo.name}`.toLowerCase();
    const name = (issue: { number: number; repo: string }) =>
      issue.repo.toLowerCase() === here ? `#${issue.number}` : `${issue.repo}#${issue.number}`;

    const open = snapshot.closingIssues.filter((issue) => issue.state === "open");
    if (open.length > 0) {
      return { outcome: "pass", message: `The patch solves ${open.map(name).join(", ")}.` };
    }

    const statement = requireIssue ? undefined : statedProblem(snapshot, problemPrefix);
    if (statement) {
      return {
        outcome: "pass",
        message: `The pull request states its problem: "${truncate(plain(statement), 100)}".`,
      };
    }
    const commits = snapshot.commits.filter((commit) => commit.parents <= 1);
    if (
      !requireIssue &&
      commits.length > 0 &&
      commits.every((c) => statesProblem(messageLines(c.message)[0] ?? "", problemPrefix))
    ) {
      return {
        outcome: "pass",
        message:
          commits.length === 1
            ? "The commit states its problem on its first line."
            : `Each of its ${commits.length} commits states its problem on its first line.`,
      };
    }

    const closed = snapshot.closingIssues.map(name);
    const message =
      closed.length > 0
        ? `The issue${closed.length > 1 ? "s" : ""} it closes (${closed.join(", ")}) ${closed.length > 1 ? "are" : "is"} already closed, so the patch answers no open problem.`
        : requireIssue
          ? "The pull request links no issue, and this project asks for one."
          : "The pull request names no problem: it closes no issue, and neither it nor every commit states one.";
    const fix = requireIssue
      ? "Log the problem as an issue if there is none, and write `Fixes #<number>` in the pull request's description."
      : `Write \`Fixes #<number>\` in the description to link the issue it solves, or state the problem there on a line starting "${problemPrefix}" (C4 2.4.10).`;
    return { outcome: "fail", message, fix };
  },
};

/**
 * The title, or a line of the body, that states the problem; Markdown around
 * it is fine. A bare `Problems:` line states what the line under it says
 * (a list of problems, as people write them).
 */
function statedProblem(
  snapshot: { title: string; body: string },
  prefix: string,
): string | undefined {
  const lines = [snapshot.title, ...messageLines(snapshot.body)]
    .map((line) => line.replace(/^[\s>#*_-]+/, ""))
    .filter((line) => line !== "");
  for (const [index, line] of lines.entries()) {
    if (statesProblem(line, prefix, /[*_\s]/g)) return line;
    const next = lines[index + 1];
    if (
      index > 0 &&
      next &&
      matchPrefix(line, prefix, false) &&
      !matchPrefix(next, prefix, false)
    ) {
      return `${line.replace(/[*_\s]+$/, "")} ${next}`;
    }
  }
  return undefined;
}

/** `Problem: x` or `Problems: x` in any case, with something after the prefix. */
function statesProblem(line: string, prefix: string, ignore = /\s/g): boolean {
  const match = matchPrefix(line, prefix, false);
  return match !== null && match.rest.replace(ignore, "") !== "";
}

/** `Problem:** x` (from `**Problem:** x`) reads back as `Problem: x`. */
function plain(statement: string): string {
  return statement.replace(/^([^:]*:)[*_]+/, "$1").replace(/[*_]+$/, "");
}
