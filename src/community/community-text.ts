import { clauseUrl, SPEC_URL } from "../c4/clause.ts";

/**
 * What c4bot writes to people. Each message cites its C4 clause, and each
 * carries a hidden marker so that a job run twice finds its own comment or
 * issue instead of writing another (every action is idempotent).
 */
export const markers = {
  welcome: "<!-- c4bot:welcome -->",
  triage: "<!-- c4bot:triage -->",
  followUp: (pull: number) => `<!-- c4bot:follow-up #${pull} -->`,
  stale: "<!-- c4bot:stale -->",
  staleClose: "<!-- c4bot:stale-close -->",
  processReport: "<!-- c4bot:process-report -->",
  maintainerSuggestions: "<!-- c4bot:maintainer-suggestions -->",
  inactiveMaintainers: "<!-- c4bot:inactive-maintainers -->",
  releaseNotes: "<!-- c4bot:release-notes -->",
  contractReport: "<!-- c4bot:contract-report -->",
} as const;

const fill = (text: string, login: string) => text.replaceAll("{login}", login);

/** The primer for a first pull request: the two or three things that matter for it. */
export function welcomePullText(login: string, custom = ""): string {
  if (custom.trim()) return `${fill(custom, login)}\n\n${markers.welcome}`;
  return `👋 Welcome, @${login}, and thank you for your first pull request here!

This project works by the [C4 contract](${SPEC_URL}), and c4bot checks each patch against it. What matters most:

- **One problem per patch** (C4 2.3.2): say the problem you solve, with \`Problem: ...\` in the description or a linked issue (\`Fixes #N\`).
- **Commit messages** (C4 2.3.7): a first line \`Problem: ...\` under 50 characters, a blank line, then \`Solution: ...\`.
- **Green checks** (C4 2.3.6): a correct patch whose checks pass is merged rapidly (2.4.15); the \`C4\` check run says what, if anything, is missing.

${markers.welcome}`;
}

/** The primer for a first issue. */
export function welcomeIssueText(login: string, custom = ""): string {
  if (custom.trim()) return `${fill(custom, login)}\n\n${markers.welcome}`;
  return `👋 Welcome, @${login}, and thank you for your first issue here!

This project works by the [C4 contract](${SPEC_URL}): an issue describes a problem someone observes (C4 2.4.2, 2.4.3), and anyone may send a patch that solves it. Steps to reproduce, what you expected and what happened instead help most. When a patch that fixes it is merged, please check it and close the issue (C4 2.4.17).

${markers.welcome}`;
}

/** Asked once of an empty issue or a request (C4 2.4.3, 2.4.5); the label goes when it states a problem. */
export function triageText(login: string, kind: "empty" | "request", label: string): string {
  const what =
    kind === "empty"
      ? "This issue does not say yet what problem you observe."
      : "This issue reads as a feature request or a solution rather than a problem.";
  return `@${login}, thanks for the report. ${what} In a C4 project an issue describes a problem someone observes (C4 [2.4.3](${clauseUrl("2.4.3")})), and ideas that are not documented, provable problems are not logged (C4 2.4.5).

Could you edit it to say **what you were doing, what you expected, and what happened instead**? The \`${label}\` label goes away once it reads as a problem. Nothing is closed.

${markers.triage}`;
}

/** Asks an issue's author to check a merged fix (C4 2.4.17). */
export function followUpText(login: string, pull: number): string {
  return `@${login}, #${pull}, a patch for this issue, has been merged. Could you check that it solves the problem you saw? Under C4 [2.4.17](${clauseUrl("2.4.17")}) the issue's author closes it after checking the patch is successful: if it does not solve it, please reopen this issue and say what is still wrong.

${markers.followUp(pull)}`;
}

export function staleMarkText(days: number, closeDays: number, label: string): string {
  return `This issue has had no activity for ${days} days. Under C4 [2.4.19](${clauseUrl("2.4.19")}) user issues left without action for an uncomfortable time are closed: it will be closed in ${closeDays} days unless someone comments (the \`${label}\` label then goes).

${markers.stale}`;
}

export function staleCloseText(closeDays: number): string {
  return `Closed after ${closeDays} more days without activity (C4 2.4.19). If the problem is still there, comment or open a new issue that describes it.

${markers.staleClose}`;
}
