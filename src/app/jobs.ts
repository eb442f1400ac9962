import type { Job } from "../core/job.ts";

/** Where a job acts: an installation's repository. */
export interface RepoTarget {
  installationId: number;
  owner: string;
  repo: string;
}

/** Read a pull request, judge it, write the `C4` check run, and schedule the merge. */
export interface EvaluatePayload extends RepoTarget {
  number: number;
  /** `/c4 merge <reason>` by `by` (C4 2.4.16): merge even if not correct, if `by` may. */
  force?: { by: string; reason: string };
  /** How many times GitHub said "still computing mergeability" for this head. */
  mergeableWaits?: number;
  /** Queued by a full sweep: its GitHub requests wait behind a webhook's. */
  background?: true;
}

/** Merge one evaluated head. Keyed by repository so merges in a repo happen one at a time. */
export interface MergePayload extends RepoTarget {
  number: number;
  sha: string;
  method: "merge" | "squash" | "rebase";
  checkRunId: number;
  commitMessage?: string;
}

/** Evaluate the open pull requests of a repository, or those matching a filter. */
export interface SweepPayload extends RepoTarget {
  /** Only pull requests whose head is this commit (statuses, check runs of forks). */
  sha?: string;
  /** Only pull requests that close this issue. */
  issue?: number;
}

/** A `/c4 ...` comment on a pull request. */
export interface CommandPayload extends RepoTarget {
  number: number;
  author: string;
  body: string;
}

/** Sweep every repository of every installation: GitHub, not the queue, is the source of truth. */
export interface ReconcilePayload {
  installationId?: undefined;
}

export type AppJob =
  | (Job<ReconcilePayload> & { kind: "app.reconcile" })
  | (Job<EvaluatePayload> & { kind: "pull.evaluate" })
  | (Job<MergePayload> & { kind: "pull.merge" })
  | (Job<SweepPayload> & { kind: "repo.sweep" })
  | (Job<CommandPayload> & { kind: "pull.command" });

const repoKey = (target: RepoTarget) => `${target.owner}/${target.repo}`.toLowerCase();
const pullKey = (target: RepoTarget & { number: number }) => `${repoKey(target)}#${target.number}`;

export function reconcileJob(): AppJob {
  return { kind: "app.reconcile", key: "app", payload: {} };
}

export function evaluateJob(payload: EvaluatePayload): AppJob {
  return { kind: "pull.evaluate", key: pullKey(payload), payload };
}

export function mergeJob(payload: MergePayload): AppJob {
  return { kind: "pull.merge", key: repoKey(payload), payload };
}

export function sweepJob(payload: SweepPayload): AppJob {
  return { kind: "repo.sweep", key: repoKey(payload), payload };
}

export function commandJob(payload: CommandPayload): AppJob {
  return { kind: "pull.command", key: pullKey(payload), payload };
}
