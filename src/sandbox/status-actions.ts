import { type ActionContext, type Json, requireCommit } from "./action-context.ts";
import { gitPerson, userShape } from "./rest-shapes.ts";
import type { Commit, CommitStatus, Repo, StatusState } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

export interface StatusSpec {
  repo: string;
  sha: string;
  context: string;
  state: StatusState;
  description?: string | null;
  targetUrl?: string | null;
  creator?: string;
}

/** Commit statuses: the `status` webhook. */
export class StatusActions {
  readonly #actx: ActionContext;

  constructor(actx: ActionContext) {
    this.#actx = actx;
  }

  setStatus(spec: StatusSpec): CommitStatus {
    const { store, ctx, send } = this.#actx;
    const repo = store.requireRepo(spec.repo);
    const commit = requireCommit(store, spec.sha);
    const status: CommitStatus = {
      id: store.nextId(),
      repo: spec.repo,
      sha: commit.sha,
      context: spec.context,
      state: spec.state,
      description: spec.description ?? null,
      targetUrl: spec.targetUrl ?? null,
      creator: spec.creator ?? "ci[bot]",
      createdAt: store.now(),
    };
    store.statuses.push(status);
    const branches = [...repo.branches.entries()]
      .filter(([, sha]) => sha === commit.sha)
      .map(([name]) => ({ name, commit: { sha: commit.sha, url: "" }, protected: false }));
    send("status", {
      id: status.id,
      sha: commit.sha,
      name: spec.repo,
      target_url: status.targetUrl,
      context: status.context,
      description: status.description,
      state: status.state,
      commit: this.#commitJson(repo, commit),
      branches,
      created_at: status.createdAt,
      updated_at: status.createdAt,
      ...webhookEnvelope(ctx, repo, status.creator),
    });
    this.#actx.checksChanged?.(spec.repo, commit.sha);
    return status;
  }

  #commitJson(repo: Repo, commit: Commit): Json {
    const { ctx } = this.#actx;
    const url = `${ctx.origin()}/api/v3/repos/${repo.owner}/${repo.name}/commits/${commit.sha}`;
    const person = gitPerson(commit);
    return {
      sha: commit.sha,
      node_id: Buffer.from(`Commit:${commit.sha}`).toString("base64url"),
      commit: { author: person, committer: person, message: commit.message, url },
      url,
      html_url: `${ctx.origin()}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: userShape(ctx, commit.author),
      committer: userShape(ctx, commit.author),
      parents: commit.parents.map((sha) => ({ sha, url: "" })),
    };
  }
}
