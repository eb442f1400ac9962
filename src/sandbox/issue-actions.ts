import { type ActionContext, type Json, touch } from "./action-context.ts";
import { newIssue } from "./new-issue.ts";
import { issueShape, pullShape } from "./rest-shapes.ts";
import type { Issue } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

export interface IssueSpec {
  repo: string;
  author: string;
  title: string;
  body?: string;
  labels?: string[];
}

export interface IssuePatch {
  title?: string;
  body?: string;
  state?: "open" | "closed";
  stateReason?: Issue["stateReason"];
  labels?: string[];
}

/**
 * Issues, and what pull requests share with them (title, body, state,
 * labels): `issues` webhooks, or `pull_request` ones for a pull request.
 */
export class IssueActions {
  readonly #actx: ActionContext;

  constructor(actx: ActionContext) {
    this.#actx = actx;
  }

  openIssue(spec: IssueSpec): Issue {
    const { store, ctx, send } = this.#actx;
    const repo = store.requireRepo(spec.repo);
    const issue = newIssue(store, repo, {
      author: spec.author,
      title: spec.title,
      body: spec.body ?? "",
    });
    issue.labels = [...(spec.labels ?? [])];
    send("issues", {
      action: "opened",
      issue: issueShape(ctx, issue),
      ...webhookEnvelope(ctx, repo, spec.author),
    });
    return issue;
  }

  updateIssue(issue: Issue, patch: IssuePatch, sender: string): Issue {
    const { store, ctx, send } = this.#actx;
    const repo = store.requireRepo(issue.repo);
    const kind = issue.pull ? "pull_request" : "issues";
    if (patch.title !== undefined || patch.body !== undefined) {
      issue.title = patch.title ?? issue.title;
      issue.body = patch.body ?? issue.body;
      touch(store, issue);
      send(kind, {
        action: "edited",
        changes: {},
        ...this.#subject(issue),
        ...webhookEnvelope(ctx, repo, sender),
      });
    }
    if (patch.labels !== undefined) this.setLabels(issue, patch.labels, sender);
    if (patch.state !== undefined && patch.state !== issue.state) {
      issue.state = patch.state;
      issue.closedAt = patch.state === "closed" ? store.now() : null;
      issue.stateReason =
        patch.state === "closed" ? (patch.stateReason ?? "completed") : "reopened";
      touch(store, issue);
      const action = patch.state === "closed" ? "closed" : "reopened";
      send(kind, { action, ...this.#subject(issue), ...webhookEnvelope(ctx, repo, sender) });
    }
    return issue;
  }

  /** Replaces an issue's labels, sending `labeled`/`unlabeled` for each change. */
  setLabels(issue: Issue, labels: string[], sender: string): Issue {
    const { store, ctx, send } = this.#actx;
    const next = [...new Set(labels)];
    const added = next.filter((name) => !issue.labels.includes(name));
    const removed = issue.labels.filter((name) => !next.includes(name));
    issue.labels = next;
    if (added.length + removed.length > 0) touch(store, issue);
    const repo = store.requireRepo(issue.repo);
    const kind = issue.pull ? "pull_request" : "issues";
    for (const [action, names] of [
      ["labeled", added],
      ["unlabeled", removed],
    ] as const) {
      for (const name of names) {
        send(kind, {
          action,
          ...this.#subject(issue),
          label: { name },
          ...webhookEnvelope(ctx, repo, sender),
        });
      }
    }
    return issue;
  }

  /** The webhook's object: `issue`, or `number` and `pull_request` for a pull request. */
  #subject(issue: Issue): Json {
    const { ctx } = this.#actx;
    return issue.pull
      ? { number: issue.number, pull_request: pullShape(ctx, issue) }
      : { issue: issueShape(ctx, issue) };
  }
}
