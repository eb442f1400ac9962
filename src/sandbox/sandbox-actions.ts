import type { Send } from "./action-context.ts";
import { CheckActions } from "./check-actions.ts";
import { CommentActions } from "./comment-actions.ts";
import { IssueActions } from "./issue-actions.ts";
import { MergeQueueActions } from "./merge-queue-actions.ts";
import { PullActions } from "./pull-actions.ts";
import { RepoActions } from "./repo-actions.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import { ReviewActions } from "./review-actions.ts";
import { StatusActions } from "./status-actions.ts";

/**
 * Everything that changes the simulator's state, whether a test scripts it or the
 * bot calls the REST API, and the webhooks GitHub would send for it: one group of
 * actions per GitHub resource, sharing the store and the webhook queue.
 */
export class SandboxActions {
  readonly repos: RepoActions;
  readonly pulls: PullActions;
  readonly issues: IssueActions;
  readonly comments: CommentActions;
  readonly checks: CheckActions;
  readonly statuses: StatusActions;
  readonly reviews: ReviewActions;
  readonly queue: MergeQueueActions;
  readonly #appLogin: string;

  constructor(ctx: ShapeContext, send: Send, appLogin: string) {
    const actx = {
      store: ctx.store,
      ctx,
      send,
      checksChanged: (repo: string, sha: string) => this.queue.checksChanged(repo, sha),
    };
    this.repos = new RepoActions(actx);
    this.issues = new IssueActions(actx);
    this.pulls = new PullActions(actx, this.repos, this.issues);
    this.comments = new CommentActions(actx);
    this.checks = new CheckActions(actx);
    this.statuses = new StatusActions(actx);
    this.reviews = new ReviewActions(actx, this.pulls);
    this.queue = new MergeQueueActions(actx, this.pulls);
    this.#appLogin = appLogin;
  }

  get appLogin(): string {
    return this.#appLogin;
  }
}
