import type { Job } from "../core/job.ts";
import type { RequestPriority } from "../github/installation-budget.ts";
import { appKeys, appPayloadSchemas } from "./app-jobs.ts";
import { reconcile } from "./app-reconcile.ts";
import { communityKinds } from "./community-kinds.ts";
import { checkMergeGroup } from "./group-check.ts";
import { defineJobKind, type JobKind } from "./job-kind.ts";
import { runButton, runCommand } from "./pull-command.ts";
import { evaluatePull } from "./pull-evaluate.ts";
import { mergeEvaluated } from "./pull-merge.ts";
import { sweepRepo } from "./repo-sweep.ts";

/** The app's own kinds: judging and merging pull requests. */
export const appKinds: readonly JobKind[] = [
  defineJobKind({
    kind: "pull.evaluate",
    payload: appPayloadSchemas["pull.evaluate"],
    key: appKeys["pull.evaluate"],
    run: evaluatePull,
  }),
  defineJobKind({
    kind: "pull.merge",
    payload: appPayloadSchemas["pull.merge"],
    key: appKeys["pull.merge"],
    first: true,
    run: mergeEvaluated,
  }),
  defineJobKind({
    kind: "group.check",
    payload: appPayloadSchemas["group.check"],
    key: appKeys["group.check"],
    first: true,
    run: checkMergeGroup,
  }),
  defineJobKind({
    kind: "pull.command",
    payload: appPayloadSchemas["pull.command"],
    key: appKeys["pull.command"],
    run: runCommand,
  }),
  defineJobKind({
    kind: "pull.button",
    payload: appPayloadSchemas["pull.button"],
    key: appKeys["pull.button"],
    run: runButton,
  }),
  defineJobKind({
    kind: "repo.sweep",
    payload: appPayloadSchemas["repo.sweep"],
    key: appKeys["repo.sweep"],
    background: true,
    run: sweepRepo,
  }),
  defineJobKind({
    kind: "app.reconcile",
    payload: appPayloadSchemas["app.reconcile"],
    key: appKeys["app.reconcile"],
    background: true,
    run: reconcile,
  }),
];

/** Every kind a c4bot worker runs, in process or remote: the app's and the community tooling's. */
export const jobKinds: readonly JobKind[] = [...appKinds, ...communityKinds];

/** Kinds by name; `extra` ones (tests) after the built-in ones, which they may not replace. */
export function registryOf(extra: readonly JobKind[] = []): ReadonlyMap<string, JobKind> {
  const registry = new Map<string, JobKind>();
  for (const kind of [...jobKinds, ...extra]) {
    if (registry.has(kind.kind)) throw new Error(`job kind ${kind.kind} declared twice`);
    registry.set(kind.kind, kind);
  }
  return registry;
}

const builtIn = registryOf();

/**
 * Sweeps and periodic walks spend GitHub's budget only behind the work a
 * webhook caused, and only part of it (src/github/request-scheduler.ts); so
 * do the evaluations a sweep queues (`background` in their payload). A merge
 * goes first of all: it is what the evaluations were for, and a contributor
 * whose patch is correct should not wait for a burst of other check runs.
 */
export function requestPriorityOf(
  job: Job,
  registry: ReadonlyMap<string, JobKind> = builtIn,
): RequestPriority {
  const kind = registry.get(job.kind);
  if (kind?.first === true) return "high";
  const flagged = (job.payload as { background?: unknown } | null)?.background === true;
  return kind?.background === true || flagged ? "background" : "normal";
}
