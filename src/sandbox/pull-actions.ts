import { type ActionContext, touch } from "./action-context.ts";
import { type CommitSpec, commitAll } from "./commit-all.ts";
import type { IssueActions } from "./issue-actions.ts";
import { type MergeMethod, mergeCommits } from "./merge-commits.ts";
import { newIssue } from "./new-issue.ts";
import type { RepoActions } from "./repo-actions.ts";
import { pullShape } from "./rest-shapes.ts";
import type { Commit, Issue } from "./sandbox-types.ts";
import { sendPush } from "./send-push.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

export interface PullSpec {
  repo: string;
  author: string;
  fromFork?: boolean;
  base?: string;
  head?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  closes?: number[];
  commits: CommitSpec[];
}

export type MergeResult =
  | { ok: true; sha: string }
  | { ok: false; status: 404 | 405 | 409; message: string };

/** Pull requests: opened, pushed to, edited and merged, with their `pull_request` webhooks. */
export class PullActions {
  readonly #actx: ActionContext;
  readonly #repos: RepoActions;
  readonly #issues: IssueActions;

  constructor(actx: ActionContext, repos: RepoActions, issues: IssueActions) {
    this.#actx = actx;
    this.#repos = repos;
    this.#issues = issues;
  }

  openPull(spec: PullSpec): { number: number; headSha: string } {
    const { store, ctx, send } = this.#actx;
    const base = store.requireRepo(spec.repo);
    const baseRef = spec.base ?? base.defaultBranch;
    const baseSha = base.branches.get(baseRef);
    if (!baseSha) throw new Error(`[c4bot sandbox] ${spec.repo} has no branch ${baseRef}`);
    if (spec.commits.length === 0) throw new Error("[c4bot sandbox] a pull request needs commits");
    const number = base.nextNumber;
    const headRepo = (spec.fromFork ?? true) ? this.#repos.fork(base, spec.author) : base;
    const headRef = spec.head ?? `patch-${number}`;
    const made = commitAll(store, baseSha, spec.commits, spec.author, headRef, baseSha);
    const headSha = made.at(-1)?.sha ?? baseSha;
    headRepo.branches.set(headRef, headSha);
    const first = made[0];
    const issue = newIssue(store, base, {
      author: spec.author,
      title: spec.title ?? first?.message.split("\n")[0] ?? `Patch ${number}`,
      body: spec.body ?? "",
    });
    issue.pullId = store.nextId();
    issue.pull = {
      baseRepo: spec.repo,
      baseRef,
      headRepo: `${headRepo.owner}/${headRepo.name}`,
      headRef,
      headSha,
      baseSha,
      commits: made.map((commit) => commit.sha),
      draft: spec.draft ?? false,
      mergeable: true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      closes: spec.closes ?? [],
    };
    send("pull_request", {
      action: "opened",
      number,
      pull_request: pullShape(ctx, issue),
      ...webhookEnvelope(ctx, base, spec.author),
    });
    return { number, headSha };
  }

  /** Adds commits to a pull request's head branch: `pull_request` synchronize. */
  pushToPull(repoName: string, number: number, commits: CommitSpec[], pusher?: string): string {
    const { store, ctx, send } = this.#actx;
    const issue = this.requirePull(repoName, number);
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const before = pull.headSha;
    const base = store.requireRepo(pull.baseRepo);
    const made = commitAll(
      store,
      before,
      commits,
      pusher ?? issue.author,
      pull.headRef,
      base.branches.get(pull.baseRef) ?? pull.baseSha,
    );
    const after = made.at(-1)?.sha ?? before;
    pull.headSha = after;
    pull.commits.push(...made.map((commit) => commit.sha));
    store.requireRepo(pull.headRepo).branches.set(pull.headRef, after);
    touch(store, issue);
    send("pull_request", {
      action: "synchronize",
      number,
      before,
      after,
      pull_request: pullShape(ctx, issue),
      ...webhookEnvelope(ctx, base, pusher ?? issue.author),
    });
    return after;
  }

  /** Edits a pull request the way its author or GitHub would; no webhook unless noted. */
  editPull(
    repoName: string,
    number: number,
    patch: { mergeable?: boolean | null; draft?: boolean; milestone?: string | null },
  ): Issue {
    const { store, ctx, send } = this.#actx;
    const issue = this.requirePull(repoName, number);
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    if (patch.mergeable !== undefined) pull.mergeable = patch.mergeable;
    if (patch.milestone !== undefined) issue.milestone = patch.milestone;
    if (patch.draft !== undefined && patch.draft !== pull.draft) {
      pull.draft = patch.draft;
      touch(store, issue);
      send("pull_request", {
        action: patch.draft ? "converted_to_draft" : "ready_for_review",
        number,
        pull_request: pullShape(ctx, issue),
        ...webhookEnvelope(ctx, store.requireRepo(repoName), issue.author),
      });
    }
    return issue;
  }

  /**
   * Merges a pull request with GitHub's rules: 405 when it is closed, a draft or
   * conflicting; 409 when `sha` is not its head. Moves the base branch, closes the
   * PR and, on the default branch, the issues it closes.
   */
  merge(
    issue: Issue,
    options: { sha?: string; method?: MergeMethod; title?: string; message?: string },
    sender: string,
  ): MergeResult {
    const pull = issue.pull;
    if (!pull) return { ok: false, status: 404, message: "Not Found" };
    if (issue.state !== "open" || pull.draft || pull.mergeable === false) {
      return { ok: false, status: 405, message: "Pull Request is not mergeable" };
    }
    if (options.sha !== undefined && options.sha !== pull.headSha) {
      return {
        ok: false,
        status: 409,
        message: "Head branch was modified. Review and try the merge again.",
      };
    }
    const { store } = this.#actx;
    const base = store.requireRepo(pull.baseRepo);
    if (store.rulesetsFor(base, pull.baseRef).some((ruleset) => ruleset.mergeQueue)) {
      return {
        ok: false,
        status: 405,
        message: "Repository rule violations found\n\nChanges must be made through the merge queue",
      };
    }
    const before = base.branches.get(pull.baseRef) ?? pull.baseSha;
    const made = mergeCommits(store, issue, before, options, sender);
    return { ok: true, sha: this.land(issue, before, made, sender) };
  }

  /**
   * Moves the base branch from `before` to the last of `made` and records the
   * pull request as merged by `sender`: `pull_request` closed, `push`, and the
   * issues it closes on the default branch. Answers the new head.
   */
  land(issue: Issue, before: string, made: Commit[], sender: string): string {
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const { store, ctx, send } = this.#actx;
    const base = store.requireRepo(pull.baseRepo);
    const after = made.at(-1)?.sha ?? before;
    base.branches.set(pull.baseRef, after);
    const now = store.now();
    Object.assign(pull, { merged: true, mergedAt: now, mergedBy: sender, mergeCommitSha: after });
    Object.assign(issue, { state: "closed", closedAt: now, updatedAt: now });
    send("pull_request", {
      action: "closed",
      number: issue.number,
      pull_request: pullShape(ctx, issue),
      ...webhookEnvelope(ctx, base, sender),
    });
    sendPush(this.#actx, base, pull.baseRef, before, made, sender);
    if (pull.baseRef === base.defaultBranch) {
      for (const closing of store.closingIssues(issue)) {
        if (closing.state === "open")
          this.#issues.updateIssue(closing, { state: "closed" }, sender);
      }
    }
    return after;
  }

  requirePull(repo: string, number: number): Issue {
    const issue = this.#actx.store.issue(repo, number);
    if (!issue?.pull) throw new Error(`[c4bot sandbox] no pull request ${repo}#${number}`);
    return issue;
  }
}
