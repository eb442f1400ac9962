import type { C4Config } from "../config.ts";
import { matchPrefix, nearMiss } from "../prefix.ts";
import type { CommitResult, Rule, Setting } from "../result.ts";
import type { Commit } from "../snapshot.ts";
import { characterCount, messageLines, plural, shortSha } from "../text.ts";

type Options = C4Config["rules"]["commit-message"];

interface Problem {
  text: string;
  /** `note`: read with tolerance (`Problem :`); said, never counted against the commit. */
  severity: "fail" | "warn" | "note";
}

/**
 * C4 2.3.7: "A patch commit message MUST consist of a single short (less than
 * 50 characters) line stating the problem ("Problem: ...") being solved,
 * followed by a blank line and then the proposed solution ("Solution: ...")."
 *
 * The form blocks; the length warns by default, because about half of the
 * subjects libzmq and czmq maintainers merged are 50 characters or longer.
 * Spacing and case around the prefixes are tolerated with a note, and a
 * near miss (`Soltion:`) gets a "did you mean". Commits that exist for other
 * reasons (reverts, generated files, licence grants, bots) are exempt by
 * subject pattern or author login. Merge commits are left to `self-contained`.
 */
export const commitMessage: Rule = {
  id: "commit-message",
  clause: "2.3.7",
  scope: "commits",
  evaluate(snapshot, config, setting = "pull") {
    const options = config.rules["commit-message"];
    const exemption = exemptionOf(options);
    const commits = snapshot.commits.map((commit) => checkCommit(commit, options, exemption));
    const failing = commits.filter((commit) => commit.outcome === "fail");
    const warning = commits.filter((commit) => commit.outcome === "warn");
    const checked = commits.filter((commit) => commit.outcome !== "skip").length;
    const aside = asides(commits);

    if (failing.length > 0) {
      return {
        outcome: "fail",
        message:
          (failing.length === 1 && checked === 1
            ? `The commit message does not have C4's "${options.problemPrefix} ..." / blank line / "${options.solutionPrefix} ..." form.`
            : `${failing.length} of ${plural(checked, "commit")} do not have C4's "${options.problemPrefix} ..." / blank line / "${options.solutionPrefix} ..." form.`) +
          aside,
        fix: rewordFix(snapshot.commits, failing, options, setting),
        commits,
      };
    }
    if (warning.length > 0) {
      return {
        outcome: "warn",
        message: `${plural(warning.length, "commit")} ${warning.length === 1 ? "has" : "have"} a first line of ${options.subjectLimit} characters or more; C4 asks for a short line.${aside}`,
        fix: rewordFix(snapshot.commits, warning, options, setting),
        commits,
      };
    }
    return {
      outcome: "pass",
      message:
        (checked === 0
          ? "No commit needed checking."
          : `${checked === 1 ? "The commit states" : `All ${checked} commits state`} the problem and the solution.`) +
        aside,
      commits,
    };
  },
};

/** What the project exempts: first-line patterns and author logins (bots, generators). */
interface Exemption {
  subjects: { source: string; pattern: RegExp }[];
  authors: Set<string>;
}

function exemptionOf(options: Options): Exemption {
  return {
    subjects: options.exempt.map((source) => ({ source, pattern: new RegExp(source, "u") })),
    authors: new Set(options.exemptAuthors.map((login) => login.toLowerCase())),
  };
}

/** The exemptions and tolerances that applied, said in the rule's message so nobody wonders. */
function asides(commits: CommitResult[]): string {
  const exempt = commits.filter((commit) => commit.outcome === "skip" && commit.exempt);
  const loose = commits.filter((commit) => (commit.notes ?? []).length > 0);
  const parts = [
    ...(exempt.length > 0
      ? [
          `${plural(exempt.length, "commit")} exempt (${exempt.map((commit) => commit.exempt).join("; ")})`,
        ]
      : []),
    ...(loose.length > 0
      ? [`read with tolerance: ${loose.flatMap((commit) => commit.notes ?? []).join("; ")}`]
      : []),
  ];
  return parts.length > 0
    ? ` ${parts.map((part) => `${part[0]?.toUpperCase()}${part.slice(1)}.`).join(" ")}`
    : "";
}

function checkCommit(commit: Commit, options: Options, exemption: Exemption): CommitResult {
  const lines = messageLines(commit.message);
  const subject = lines[0] ?? "";
  const result = (
    outcome: CommitResult["outcome"],
    problems: Problem[] = [],
    exempt?: string,
  ): CommitResult => {
    const notes = problems.filter((problem) => problem.severity === "note");
    return {
      sha: commit.sha,
      subject,
      outcome,
      problems: problems.filter((problem) => problem.severity !== "note").map((p) => p.text),
      ...(notes.length > 0 ? { notes: notes.map((note) => note.text) } : {}),
      ...(exempt ? { exempt } : {}),
    };
  };
  if (commit.parents > 1) {
    return result("skip", [{ text: "a merge commit (see self-contained)", severity: "fail" }]);
  }
  const bySubject = subject
    ? exemption.subjects.find(({ pattern }) => pattern.test(subject))
    : undefined;
  if (bySubject) return result("skip", [], `first line matches \`${bySubject.source}\``);
  if (commit.author && exemption.authors.has(commit.author.toLowerCase())) {
    return result("skip", [], `by @${commit.author}, in \`exemptAuthors\``);
  }
  const problems = messageProblems(lines, options);
  const severities = new Set(problems.map((problem) => problem.severity));
  return result(
    severities.has("fail") ? "fail" : severities.has("warn") ? "warn" : "pass",
    problems,
  );
}

/** A git trailer line: a hyphenated token such as `Signed-off-by:` or `Co-authored-by:`. */
const trailer = /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+:\s/;

/** Everything wrong with one message, in the order a reader meets it. */
export function messageProblems(lines: string[], options: Options): Problem[] {
  const { problemPrefix, solutionPrefix, caseSensitive } = options;
  const problems: Problem[] = [];
  const fail = (text: string) => problems.push({ text, severity: "fail" });
  const subject = lines[0];
  if (subject === undefined) {
    fail("the message is empty");
    return problems;
  }

  const problem = matchPrefix(subject, problemPrefix, caseSensitive);
  if (!problem) {
    fail(
      `the first line does not start with "${problemPrefix}"${didYouMean(subject, problemPrefix)}`,
    );
  } else if (problem.rest.trim() === "") {
    fail(`the first line says "${problemPrefix}" but states no problem`);
  } else if (!problem.exact) {
    problems.push({ text: readAs(subject, problem.rest, problemPrefix), severity: "note" });
  }

  const length = characterCount(subject);
  if (length >= options.subjectLimit && options.subjectLength !== "off") {
    problems.push({
      text: `the first line is ${length} characters; it should be under ${options.subjectLimit}`,
      severity: options.subjectLength === "block" ? "fail" : "warn",
    });
  }

  if (lines.length > 1 && lines[1] !== "") fail("the first line is not followed by a blank line");

  // An indented Solution line was always fine: only the prefix itself is read loosely.
  const solutions = lines.map((line, index) =>
    index > 0 ? matchPrefix(line.trimStart(), solutionPrefix, caseSensitive) : null,
  );
  const solutionAt = solutions.findIndex((match) => match !== null);
  const solution = solutions[solutionAt];
  if (!solution) {
    const typo = lines.slice(1).find((line) => nearMiss(line, solutionPrefix));
    fail(
      `no line of the body starts with "${solutionPrefix}"${typo ? didYouMean(typo, solutionPrefix) : ""}`,
    );
  } else {
    const solutionLine = (lines[solutionAt] ?? "").trimStart();
    if (!solution.exact) {
      problems.push({
        text: readAs(solutionLine, solution.rest, solutionPrefix),
        severity: "note",
      });
    }
    const rest = [solution.rest, ...lines.slice(solutionAt + 1)];
    // git trailers (Signed-off-by: ...) close a message; they state no solution.
    for (let last = rest.at(-1); rest.length > 1 && last !== undefined; last = rest.at(-1)) {
      if (last.trim() !== "" && !trailer.test(last)) break;
      rest.pop();
    }
    if (rest.every((line) => line.trim() === "")) {
      fail(`"${solutionPrefix}" is followed by no solution`);
    }
  }
  return problems;
}

/** ` (did you mean "Solution:"? it says "Soltion:")` when the line's first word is a near miss. */
function didYouMean(line: string, prefix: string): string {
  const typed = nearMiss(line, prefix);
  return typed ? ` (did you mean "${prefix}"? it says "${typed}:")` : "";
}

/** `"Problem :" read as "Problem:"`. */
function readAs(line: string, rest: string, prefix: string): string {
  return `"${line.slice(0, line.length - rest.length).trimEnd()}" read as "${prefix}"`;
}

/**
 * What to do, for where the commits are (issue 21): the hook's message is
 * not a commit yet, so it is written again, never amended (that would
 * rewrite the previous, good commit); a local range is reworded with a
 * rebase, pushed only if it was pushed before; a pull request's newest
 * commit alone is amended, and the branch is pushed again.
 */
function rewordFix(all: Commit[], bad: CommitResult[], options: Options, setting: Setting): string {
  const template = `${options.problemPrefix} <the problem, in under ${options.subjectLimit} characters>\n\n${options.solutionPrefix} <what this commit does about it>`;
  if (setting === "message") {
    return [
      `Nothing was committed. Write the message as:\n\n${template}\n`,
      "and commit again (with the same options and paths); to start from the refused message:",
      `    git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"`,
    ].join("\n");
  }
  const newest = all[all.length - 1];
  const onlyNewest = bad.length === 1 && bad[0]?.sha === newest?.sha;
  const oldestBad = all.find((commit) => bad.some((b) => b.sha === commit.sha));
  const those = bad.length === 1 ? "that commit" : "those commits";
  // A root commit has no parent to rebase onto.
  const rebase =
    oldestBad?.parents === 0
      ? `git rebase -i --root   # mark ${those} "reword"`
      : `git rebase -i ${shortSha(oldestBad?.sha ?? "HEAD")}~1   # mark ${those} "reword"`;
  if (setting === "range") {
    return [
      `Write each message as:\n\n${template}\n`,
      "Then reword with an interactive rebase:",
      `    ${rebase}`,
      "and, only if you had pushed them already, push again:",
      "    git push --force-with-lease",
    ].join("\n");
  }
  return [
    `Write each message as:\n\n${template}\n`,
    "Then reword and push:",
    `    ${onlyNewest ? "git commit --amend" : rebase}`,
    "    git push --force-with-lease",
  ].join("\n");
}
