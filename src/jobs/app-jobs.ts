import { z } from "zod";
import type { Job } from "../core/job.ts";
import { issueKey, repoKey } from "../github/repo-key.ts";

const login = z.string().min(1);
const count = z.number().int().positive();

/** Where a job acts: an installation's repository. */
const repoTarget = z.object({ installationId: count, owner: login, repo: login });
export type RepoTarget = z.infer<typeof repoTarget>;

/**
 * The app's job payloads, checked before a handler runs (registry.ts).
 * Keys beyond these pass through untouched: a merge job's payload becomes
 * the evaluation's that follows it.
 */
export const appPayloadSchemas = {
  /** Read a pull request, judge it, write the `C4` check run, and schedule the merge. */
  "pull.evaluate": repoTarget.extend({
    number: count,
    /** `/c4 merge <reason>` by `by` (C4 2.4.16): merge even if not correct, if `by` may. */
    force: z
      .object({
        by: login,
        reason: z.string().min(1),
        /** How it was asked: a comment, or the check run's "Merge anyway" button. */
        via: z.enum(["comment", "button"]).optional(),
      })
      .optional(),
    /** How many times GitHub said "still computing mergeability" for this head. */
    mergeableWaits: z.number().int().nonnegative().optional(),
    /** Queued by a full sweep: its GitHub requests wait behind a webhook's. */
    background: z.literal(true).optional(),
  }),
  /** Merge one evaluated head. Keyed by repository so merges in a repo happen one at a time. */
  "pull.merge": repoTarget.extend({
    number: count,
    sha: z.string().min(1),
    method: z.enum(["merge", "squash", "rebase"]),
    checkRunId: z.number().int(),
    commitMessage: z.string().optional(),
    /** The base branch requires a merge queue: enqueue this pull request (node id) instead. */
    queue: z.object({ pullRequestId: z.string().min(1) }).optional(),
  }),
  /** A merge queue asks for checks on its temporary commit (`merge_group`): report C4 there. */
  "group.check": repoTarget.extend({
    /** The merge group's temporary commit. */
    sha: z.string().min(1),
    /** The pull requests in the group, read from its ref (`gh-readonly-queue/<base>/pr-<n>-<sha>`). */
    numbers: z.array(count).min(1),
  }),
  /** Evaluate the open pull requests of a repository, or those matching a filter. */
  "repo.sweep": repoTarget.extend({
    /** Only pull requests whose head is this commit (statuses, check runs of forks). */
    sha: z.string().min(1).optional(),
    /** Only pull requests that close this issue. */
    issue: count.optional(),
  }),
  /** A `/c4 ...` comment on a pull request. */
  "pull.command": repoTarget.extend({ number: count, author: login, body: z.string() }),
  /** A click on a button of the `C4` check run (check-run-buttons.ts) by `by`. */
  "pull.button": repoTarget.extend({
    number: count,
    by: login,
    button: z.enum(["recheck", "merge"]),
  }),
  /** Sweep every repository of every installation: GitHub, not the queue, is the source of truth. */
  "app.reconcile": z.object({ installationId: z.undefined().optional() }),
};

type AppPayloads = {
  [K in keyof typeof appPayloadSchemas]: z.infer<(typeof appPayloadSchemas)[K]>;
};
export type AppKind = keyof AppPayloads;
export type EvaluatePayload = AppPayloads["pull.evaluate"];
export type MergePayload = AppPayloads["pull.merge"];
export type SweepPayload = AppPayloads["repo.sweep"];
export type CommandPayload = AppPayloads["pull.command"];
export type GroupCheckPayload = AppPayloads["group.check"];
export type ButtonPayload = AppPayloads["pull.button"];
export type ReconcilePayload = AppPayloads["app.reconcile"];

/** Each app job's key: a pull request's work by the pull request, a repository's by the repository. */
export const appKeys: { [K in AppKind]: (payload: AppPayloads[K]) => string } = {
  "pull.evaluate": issueKey,
  "pull.merge": repoKey,
  "repo.sweep": repoKey,
  "pull.command": issueKey,
  "group.check": repoKey,
  "pull.button": issueKey,
  "app.reconcile": () => "app",
};

export type AppJob = {
  [K in AppKind]: Job<AppPayloads[K]> & { kind: K };
}[AppKind];

function appJob<K extends AppKind>(kind: K, payload: AppPayloads[K]): AppJob {
  return { kind, key: appKeys[kind](payload), payload } as AppJob;
}

export function reconcileJob(): AppJob {
  return appJob("app.reconcile", {});
}

export function evaluateJob(payload: EvaluatePayload): AppJob {
  return appJob("pull.evaluate", payload);
}

export function mergeJob(payload: MergePayload): AppJob {
  return appJob("pull.merge", payload);
}

export function sweepJob(payload: SweepPayload): AppJob {
  return appJob("repo.sweep", payload);
}

export function groupCheckJob(payload: GroupCheckPayload): AppJob {
  return appJob("group.check", payload);
}

export function commandJob(payload: CommandPayload): AppJob {
  return appJob("pull.command", payload);
}

export function buttonJob(payload: ButtonPayload): AppJob {
  return appJob("pull.button", payload);
}
