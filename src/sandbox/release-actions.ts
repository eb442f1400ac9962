import type { Send } from "./action-context.ts";
import { releaseShape } from "./release-routes.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import type { Release } from "./sandbox-release.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

/**
 * Tags and releases, and the webhooks GitHub sends for them: `create` and
 * `push` (refs/tags/...) for a new tag, `release` created and published for a
 * published release.
 */
export class ReleaseActions {
  readonly #ctx: ShapeContext;
  readonly #send: Send;

  constructor(ctx: ShapeContext, send: Send) {
    this.#ctx = ctx;
    this.#send = send;
  }

  /** Tags a commit (a branch's head by default): `create` and `push` webhooks. */
  createTag(spec: { repo: string; tag: string; ref?: string; pusher: string }): string {
    const store = this.#ctx.store;
    const repo = store.requireRepo(spec.repo);
    const key = `${spec.repo}@${spec.tag}`;
    if (store.tags.has(key)) throw new Error(`[c4bot sandbox] tag ${spec.tag} exists`);
    const sha = store.resolveRef(repo, spec.ref);
    if (!sha) throw new Error(`[c4bot sandbox] ${spec.repo} has no ref ${spec.ref}`);
    store.tags.set(key, sha);
    const envelope = webhookEnvelope(this.#ctx, repo, spec.pusher);
    this.#send("create", {
      ref: spec.tag,
      ref_type: "tag",
      master_branch: repo.defaultBranch,
      description: null,
      pusher_type: "user",
      ...envelope,
    });
    this.#send("push", {
      ref: `refs/tags/${spec.tag}`,
      before: "0000000000000000000000000000000000000000",
      after: sha,
      created: true,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${this.#ctx.origin()}/${spec.repo}/compare/${spec.tag}`,
      commits: [],
      head_commit: null,
      pusher: { name: spec.pusher, email: `${spec.pusher}@users.noreply.sim` },
      ...envelope,
    });
    return sha;
  }

  /** Publishes a release, tagging `ref` first when the tag is new: `release` created, published. */
  publishRelease(spec: {
    repo: string;
    tag: string;
    author: string;
    name?: string;
    body?: string;
    ref?: string;
  }): Release {
    const store = this.#ctx.store;
    const repo = store.requireRepo(spec.repo);
    if (!store.tags.has(`${spec.repo}@${spec.tag}`)) {
      this.createTag({
        repo: spec.repo,
        tag: spec.tag,
        pusher: spec.author,
        ...(spec.ref ? { ref: spec.ref } : {}),
      });
    }
    const now = store.now();
    const release: Release = {
      id: store.nextId(),
      repo: spec.repo,
      tag: spec.tag,
      name: spec.name ?? spec.tag,
      body: spec.body ?? "",
      author: spec.author,
      draft: false,
      prerelease: false,
      targetCommitish: spec.ref ?? repo.defaultBranch,
      createdAt: now,
      publishedAt: now,
    };
    store.releases.push(release);
    for (const action of ["created", "published"]) {
      this.#send("release", {
        action,
        release: releaseShape(this.#ctx, release),
        ...webhookEnvelope(this.#ctx, repo, spec.author),
      });
    }
    return release;
  }
}
