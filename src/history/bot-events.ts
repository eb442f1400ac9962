import type { Verdict } from "../c4/index.ts";

/** What the bot decided about one head: for history, metrics and the sandbox's narration. */
export interface VerdictEvent {
  repo: string;
  number: number;
  title: string;
  author: string;
  headSha: string;
  /** Private repositories are shown only to signed-in maintainers. */
  isPrivate: boolean;
  verdict: Verdict;
  /** A merge job was queued for this head. */
  merging: boolean;
  dryRun: boolean;
  at: string;
}

export interface MergeEvent {
  repo: string;
  number: number;
  sha: string | null;
  /** `/c4 merge` by a maintainer (C4 2.4.16), with the reason. */
  forced?: string;
  at: string;
}

/**
 * Something people wait for that no verdict says (issue 21): a broken
 * `.github/c4.yml` that pauses a repository, a merge GitHub failed that is
 * tried again, an installation GitHub no longer knows. The history keeps the
 * latest per subject for the dashboard; a later verdict or merge clears the
 * repository's and the pull request's (`HistoryStore`).
 */
export interface AttentionEvent {
  kind: AttentionKind;
  /** `owner/repo`, or null for an installation's. */
  repo: string | null;
  /** The pull request, for a merge retry. */
  number: number | null;
  installation: number | null;
  isPrivate: boolean;
  /** One line, as the check run and the log say it. */
  text: string;
  /** The config's errors, one per line (outside text: escaped where shown). */
  details: string[];
  /** When the bot tries again, if it knows. */
  until: string | null;
  /** The matter is over (the installation answers again): the notice goes. */
  cleared?: boolean;
  at: string;
}

export type AttentionKind = "config-broken" | "merge-retry" | "installation-gone";

/** What one notice is about: a later one on the same subject replaces it. */
export function attentionSubject(
  event: Pick<AttentionEvent, "kind" | "repo" | "number" | "installation">,
): string {
  if (event.kind === "config-broken") return `config:${event.repo}`;
  if (event.kind === "merge-retry") return `merge:${event.repo}#${event.number}`;
  return `installation:${event.installation}`;
}
