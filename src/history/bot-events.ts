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
