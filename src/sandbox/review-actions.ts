import type { ActionContext } from "./action-context.ts";
import type { PullActions } from "./pull-actions.ts";
import { pullShape, reviewShape } from "./rest-shapes.ts";
import type { Review, ReviewState } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

export interface ReviewSpec {
  repo: string;
  number: number;
  author: string;
  state: ReviewState;
  body?: string;
}

/** Pull request reviews: `pull_request_review` submitted. */
export class ReviewActions {
  readonly #actx: ActionContext;
  readonly #pulls: PullActions;

  constructor(actx: ActionContext, pulls: PullActions) {
    this.#actx = actx;
    this.#pulls = pulls;
  }

  submitReview(spec: ReviewSpec): Review {
    const { store, ctx, send } = this.#actx;
    const issue = this.#pulls.requirePull(spec.repo, spec.number);
    const review: Review = {
      id: store.nextId(),
      repo: spec.repo,
      number: spec.number,
      author: spec.author,
      state: spec.state,
      body: spec.body ?? "",
      commitId: issue.pull?.headSha ?? "",
      submittedAt: store.now(),
    };
    store.reviews.push(review);
    store.user(spec.author);
    const shape = reviewShape(ctx, review);
    send("pull_request_review", {
      action: "submitted",
      // Webhooks spell review states in lower case, the REST API in upper case.
      review: { ...shape, state: spec.state.toLowerCase() },
      pull_request: pullShape(ctx, issue),
      ...webhookEnvelope(ctx, store.requireRepo(spec.repo), spec.author),
    });
    return review;
  }
}
