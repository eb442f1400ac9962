import type { PullRecord } from "../github/list-pulls.ts";
import { markers } from "./community-text.ts";

export interface Candidate {
  login: string;
  /** Their merged correct patches (the `C4` check passed on the merged head), oldest first. */
  patches: number[];
  first: string;
  last: string;
}

const writers = new Set(["admin", "maintain", "write"]);

/**
 * C4 2.7.3: contributors without write access who reached `threshold` merged
 * correct patches. Pure; `permissions` maps lower-cased logins to roles.
 */
export function maintainerCandidates(
  pulls: PullRecord[],
  permissions: Map<string, string>,
  threshold: number,
): Candidate[] {
  const byAuthor = new Map<string, PullRecord[]>();
  for (const pull of pulls) {
    if (pull.state !== "MERGED" || pull.c4 !== "success" || pull.author.endsWith("[bot]")) continue;
    if (writers.has(permissions.get(pull.author.toLowerCase()) ?? "")) continue;
    byAuthor.set(pull.author, [...(byAuthor.get(pull.author) ?? []), pull]);
  }
  return [...byAuthor.entries()]
    .filter(([, merged]) => merged.length >= threshold)
    .map(([login, merged]) => {
      const sorted = [...merged].sort((a, b) => a.number - b.number);
      const dates = merged.map((pull) => pull.mergedAt ?? pull.createdAt).sort();
      return {
        login,
        patches: sorted.map((pull) => pull.number),
        first: dates[0] ?? "",
        last: dates.at(-1) ?? "",
      };
    })
    .sort((a, b) => b.patches.length - a.patches.length || a.login.localeCompare(b.login));
}

export const suggestionsTitle = "C4 2.7.3: contributors to consider as maintainers";

/** The suggestions issue's body: who, with what evidence, for whom. Pure. */
export function renderSuggestions(
  candidates: Candidate[],
  admins: string[],
  threshold: number,
): string {
  const lines = [
    markers.maintainerSuggestions,
    `${admins.map((login) => `@${login}`).join(" ")}${admins.length ? ": t" : "T"}hese contributors have no write access and have each had ${threshold} or more correct patches merged. C4 [2.7.3](https://rfc.zeromq.org/spec/42/#27-project-administration) says such a contributor SHOULD be invited to become a maintainer. c4bot invites nobody: it is the administrators' decision.`,
    "",
    "| contributor | correct patches merged | first | latest | evidence |",
    "| --- | --- | --- | --- | --- |",
    ...candidates.map(
      (candidate) =>
        `| @${candidate.login} | ${candidate.patches.length} | ${candidate.first.slice(0, 10)} | ${candidate.last.slice(0, 10)} | ${candidate.patches.map((n) => `#${n}`).join(", ")} |`,
    ),
    "",
    "c4bot updates this issue as the list changes. Close it when you have decided; it opens a new one for the next candidate.",
  ];
  return `${lines.join("\n")}\n`;
}
