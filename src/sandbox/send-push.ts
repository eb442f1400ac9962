import type { ActionContext, Json } from "./action-context.ts";
import type { Commit, Repo } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

/** The `push` webhook for commits `made` on `branch`, which was at `before`. */
export function sendPush(
  actx: ActionContext,
  repo: Repo,
  branch: string,
  before: string | null,
  made: Commit[],
  pusher: string,
): void {
  const { ctx } = actx;
  const commits = made.map((commit) => pushCommit(actx, repo, commit));
  const after = made.at(-1)?.sha ?? before;
  actx.send("push", {
    ref: `refs/heads/${branch}`,
    before: before ?? "0000000000000000000000000000000000000000",
    after,
    created: before === null,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `${ctx.origin()}/${repo.owner}/${repo.name}/compare/${before?.slice(0, 12)}...${after?.slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: pusher, email: `${pusher}@users.noreply.sim` },
    ...webhookEnvelope(ctx, repo, pusher),
  });
}

function pushCommit(actx: ActionContext, repo: Repo, commit: Commit): Json {
  const parent = actx.store.commits.get(commit.parents[0] ?? "")?.tree ?? {};
  const person = {
    name: commit.author,
    email: `${commit.author}@users.noreply.sim`,
    username: commit.author,
  };
  return {
    id: commit.sha,
    tree_id: commit.sha,
    distinct: true,
    message: commit.message,
    timestamp: commit.committedDate,
    url: `${actx.ctx.origin()}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
    author: person,
    committer: person,
    added: commit.changed.filter((path) => !(path in parent) && path in commit.tree),
    removed: commit.changed.filter((path) => !(path in commit.tree)),
    modified: commit.changed.filter((path) => path in parent && path in commit.tree),
  };
}
