import { clauseUrl } from "./clause.ts";
import { markdownCell, markdownCode, markdownCodeBlock, markdownText } from "./markdown.ts";
import type { Decision, Outcome, RuleResult, Verdict } from "./result.ts";
import { terminalText } from "./terminal-text.ts";
import { plural, shortSha } from "./text.ts";

const icons: Record<Outcome, string> = {
  pass: "✅",
  fail: "❌",
  warn: "⚠️",
  pending: "⏳",
  skip: "➖",
};

/** One line that says what happens to the patch, and why. */
export function headline(verdict: Verdict): string {
  const blocking = verdict.results.filter((result) => result.blocking);
  const names = (outcome: Outcome) =>
    blocking.filter((result) => result.outcome === outcome).map((result) => result.rule);
  if (verdict.draft) {
    const held = blocking.map((result) => result.rule);
    return held.length === 0
      ? "A draft: nothing would block it once it is marked ready."
      : `A draft: once it is marked ready, ${plural(held.length, "rule")} would hold it (${held.join(", ")}).`;
  }
  const titles: Record<Decision, string> = {
    merge: "A correct patch: it can be merged.",
    wait: `Nothing fails; waiting for ${names("pending").join(", ")}.`,
    reject: `Not a correct patch yet: ${plural(names("fail").length, "rule")} to fix (${names("fail").join(", ")}).`,
  };
  return titles[verdict.decision];
}

/** The verdict as GitHub Markdown, for the `C4` check run's summary and text. */
export function renderMarkdown(verdict: Verdict): string {
  const out = [
    `**${headline(verdict)}**`,
    "",
    "| | Rule | C4 | Result |",
    "| --- | --- | --- | --- |",
  ];
  for (const result of verdict.results) {
    // A pending rule at level `warn` is shown waiting but holds nothing.
    const level = !result.blocking && result.outcome === "pending" ? " (not blocking)" : "";
    out.push(
      `| ${icons[result.outcome]} | \`${result.rule}\` | [${result.clause}](${clauseUrl(result.clause)}) | ${markdownCell(result.message)}${level} |`,
    );
  }
  const toFix = verdict.results.filter((result) => result.fix && isProblem(result));
  for (const result of toFix) {
    out.push("", `#### ${icons[result.outcome]} How to fix \`${result.rule}\``, "");
    out.push(markdownCodeBlock(result.fix ?? ""));
  }
  for (const result of verdict.results) {
    const flagged = (result.commits ?? []).filter(
      (commit) => commit.outcome === "fail" || commit.outcome === "warn",
    );
    if (flagged.length === 0) continue;
    out.push(
      "",
      `<details><summary><code>${result.rule}</code>: ${plural(flagged.length, "commit")} to look at</summary>`,
      "",
    );
    for (const commit of flagged) {
      out.push(
        `- ${icons[commit.outcome]} \`${shortSha(commit.sha)}\` ${markdownText(commit.subject)}`,
      );
      for (const problem of commit.problems) out.push(`  - ${markdownText(problem)}`);
    }
    out.push("", "</details>");
  }
  for (const result of verdict.results) {
    const details = result.details ?? [];
    if (details.length === 0) continue;
    out.push(
      "",
      `<details><summary><code>${result.rule}</code>: ${plural(details.length, "item")}</summary>`,
      "",
      ...details.map((line) => `- ${codeSpans(line)}`),
      "",
      "</details>",
    );
  }
  return out.join("\n");
}

/** A detail line for Markdown: its backtick spans kept as code, the rest escaped. */
function codeSpans(line: string): string {
  return line
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith("`") && part.endsWith("`") && part.length > 1
        ? markdownCode(part.slice(1, -1))
        : markdownText(part),
    )
    .join("");
}

const colours = { red: 31, green: 32, yellow: 33, grey: 90, bold: 1 } as const;
const textIcons: Record<Outcome, [string, keyof typeof colours]> = {
  pass: ["✓", "green"],
  fail: ["✗", "red"],
  warn: ["!", "yellow"],
  pending: ["…", "yellow"],
  skip: ["-", "grey"],
};

/**
 * The verdict for a terminal: one line per rule, the failing commits under
 * it. Messages quote outside text (subjects, titles, branch names): their
 * control characters are made inert (terminal-text.ts).
 */
export function renderText(verdict: Verdict, options: { color: boolean }): string {
  const paint = (colour: keyof typeof colours, text: string) =>
    options.color ? `\u001b[${colours[colour]}m${text}\u001b[0m` : text;
  const out: string[] = [];
  for (const result of verdict.results) {
    const [icon, colour] = textIcons[result.outcome];
    out.push(
      `${paint(colour, icon)} ${paint("bold", result.rule)} ${paint("grey", `(C4 ${result.clause})`)} ${terminalText(result.message)}`,
    );
    for (const commit of result.commits ?? []) {
      if (commit.outcome !== "fail" && commit.outcome !== "warn") continue;
      const [commitIcon, commitColour] = textIcons[commit.outcome];
      out.push(
        `    ${paint(commitColour, commitIcon)} ${shortSha(commit.sha)} ${terminalText(commit.subject)}`,
      );
      for (const problem of commit.problems) out.push(`        - ${terminalText(problem)}`);
    }
    for (const line of result.details ?? []) out.push(`    - ${line}`);
    if (result.fix && isProblem(result)) {
      out.push(
        ...terminalText(result.fix)
          .split("\n")
          .map((line, i) => `    ${i === 0 ? "fix: " : "     "}${line}`.trimEnd()),
      );
    }
  }
  const decisionColour = { merge: "green", wait: "yellow", reject: "red" } as const;
  out.push("", paint(decisionColour[verdict.decision], headline(verdict)));
  return out.join("\n");
}

/** The stable machine-readable form (`c4bot check --format json`). */
export interface JsonReport {
  correct: boolean;
  decision: Decision;
  results: {
    rule: string;
    clause: string;
    outcome: Outcome;
    message: string;
    commits?: { sha: string; outcome: string; problems: string[] }[];
    details?: string[];
  }[];
}

export function toJsonReport(verdict: Verdict): JsonReport {
  return {
    correct: verdict.correct,
    decision: verdict.decision,
    results: verdict.results.map((result) => ({
      rule: result.rule,
      clause: result.clause,
      outcome: result.outcome,
      message: result.message,
      ...(result.commits
        ? {
            commits: result.commits.map(({ sha, outcome, problems }) => ({
              sha,
              outcome,
              problems,
            })),
          }
        : {}),
      ...(result.details ? { details: result.details } : {}),
    })),
  };
}

function isProblem(result: RuleResult): boolean {
  return result.outcome === "fail" || result.outcome === "warn" || result.outcome === "pending";
}
