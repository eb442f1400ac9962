import type { PullSnapshot } from "../snapshot.ts";

/**
 * Why c4bot believes a project has CI although this head shows no check yet
 * (issue 18: "no checks yet" is never "no CI"). Empty: the project shows no
 * CI anywhere c4bot can see.
 */
export function ciEvidence(snapshot: PullSnapshot, otherChecksOnBase: string[]): string[] {
  const evidence: string[] = [];
  const workflows = snapshot.ci?.workflows ?? [];
  if (workflows.length > 0) evidence.push(`workflow files (${quoteList(workflows, 3)})`);
  const required = snapshot.ci?.requiredChecks ?? [];
  if (required.length > 0) {
    evidence.push(`required checks on ${snapshot.base.ref} (${quoteList(required, 3)})`);
  }
  if (otherChecksOnBase.length > 0) {
    evidence.push(`checks on ${snapshot.repo.defaultBranch} (${quoteList(otherChecksOnBase, 3)})`);
  }
  if (snapshot.ci?.recentPullChecks) evidence.push("checks on recent pull requests");
  return evidence;
}

export function quoteList(names: string[], max = Number.POSITIVE_INFINITY): string {
  const shown = names.slice(0, max).map((name) => `"${name}"`);
  if (names.length > max) shown.push(`${names.length - max} more`);
  return shown.join(", ");
}
