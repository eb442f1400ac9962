import type { ShapeContext } from "./rest-shapes.ts";
import type { SandboxStore } from "./sandbox-store.ts";
import type { Commit, Issue } from "./sandbox-types.ts";

export type Json = Record<string, unknown>;
/** Queues a webhook for the app. */
export type Send = (event: string, payload: Json) => void;

/** What every group of actions shares: the store, the shapes' context and the webhook queue. */
export interface ActionContext {
  store: SandboxStore;
  ctx: ShapeContext;
  send: Send;
  /** Told after a check run or status changes on a commit: a merge queue may move. */
  checksChanged?: (repo: string, sha: string) => void;
}

export function requireCommit(store: SandboxStore, sha: string): Commit {
  const commit = store.commits.get(sha);
  if (!commit) throw new Error(`[c4bot sandbox] no commit ${sha}`);
  return commit;
}

/** Marks an issue (or pull request) as changed now. */
export function touch(store: SandboxStore, issue: Issue): void {
  issue.updatedAt = store.now();
}
