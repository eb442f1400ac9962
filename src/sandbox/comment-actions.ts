import type { ActionContext } from "./action-context.ts";
import { commentShape, issueShape } from "./rest-shapes.ts";
import type { Comment, Issue } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

/** Comments on issues and pull requests: `issue_comment` created and edited. */
export class CommentActions {
  readonly #actx: ActionContext;

  constructor(actx: ActionContext) {
    this.#actx = actx;
  }

  addComment(spec: { repo: string; number: number; author: string; body: string }): Comment {
    const { store } = this.#actx;
    const issue = store.issue(spec.repo, spec.number);
    if (!issue) throw new Error(`[c4bot sandbox] no issue ${spec.repo}#${spec.number}`);
    const now = store.now();
    const comment: Comment = { id: store.nextId(), ...spec, createdAt: now, updatedAt: now };
    store.comments.push(comment);
    store.user(spec.author);
    this.#send("created", issue, comment, spec.author);
    return comment;
  }

  editComment(comment: Comment, body: string, sender: string): Comment {
    const { store } = this.#actx;
    comment.body = body;
    comment.updatedAt = store.now();
    const issue = store.issue(comment.repo, comment.number);
    if (issue) this.#send("edited", issue, comment, sender);
    return comment;
  }

  #send(action: string, issue: Issue, comment: Comment, sender: string): void {
    const { store, ctx, send } = this.#actx;
    send("issue_comment", {
      action,
      issue: issueShape(ctx, issue),
      comment: commentShape(ctx, comment),
      ...webhookEnvelope(ctx, store.requireRepo(issue.repo), sender),
    });
  }
}
