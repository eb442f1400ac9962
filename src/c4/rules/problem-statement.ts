import type { Rule } from "../result.ts";
import { messageLines, startsWithPrefix, truncate } from "../text.ts";

/**
 * C4 2.3.2: a patch answers exactly one identified and agreed problem. The
 * problem is identified by an open issue the pull request closes (closing
 * keyword or GitHub's linked issues), or, since on GitHub a pull request is an
 * issue (C4 2.4.10), by the pull request itself stating it with a `Problem:`
 * line, unless the project sets `requireIssue`.
 */
export const problemStatement: Rule = {
  id: "problem-statement",
  clause: "2.3.2",
  scope: "pull",
  evaluate(snapshot, config) {
    const { requireIssue } = config.rules["problem-statement"];
    const { problemPrefix, caseSensitive } = config.rules["commit-message"];
    const here = `${snapshot.repo.owner}/${snapshot.repo.name}`.toLowerCase();
    const name = (issue: { number: number; repo: string }) =>
      issue.repo.toLowerCase() === here ? `#${issue.number}` : `${issue.repo}#${issue.number}`;

    const open = snapshot.closingIssues.filter((issue) => issue.state === "open");
    if (open.length > 0) {
      return { outcome: "pass", message: `The patch solves ${open.map(name).join(", ")}.` };
    }

    const statement = requireIssue
      ? undefined
      : [snapshot.title, ...messageLines(snapshot.body)]
          .map((line) => line.replace(/^[\s>#*_-]+/, ""))
          .find(
            (line) =>
              startsWithPrefix(line, problemPrefix, caseSensitive) &&
              line.slice(problemPrefix.length).replace(/[*_\s]/g, "") !== "",
          );
    if (statement) {
      return {
        outcome: "pass",
        message: `The pull request states its problem: "${truncate(plain(statement), 100)}".`,
      };
    }

    const closed = snapshot.closingIssues.map(name);
    const message =
      closed.length > 0
        ? `The issue${closed.length > 1 ? "s" : ""} it closes (${closed.join(", ")}) ${closed.length > 1 ? "are" : "is"} already closed, so the patch answers no open problem.`
        : requireIssue
          ? "The pull request links no issue, and this project asks for one."
          : "The pull request names no problem: it closes no issue and states none.";
    const fix = requireIssue
      ? "Log the problem as an issue if there is none, and write `Fixes #<number>` in the pull request's description."
      : `Write \`Fixes #<number>\` in the description to link the issue it solves, or state the problem there on a line starting "${problemPrefix}" (C4 2.4.10).`;
    return { outcome: "fail", message, fix };
  },
};

/** `Problem:** x` (from `**Problem:** x`) reads back as `Problem: x`. */
function plain(statement: string): string {
  return statement.replace(/^([^:]*:)[*_]+/, "$1").replace(/[*_]+$/, "");
}
