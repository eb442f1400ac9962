import type { ActionContext } from "./action-context.ts";
import { UnprocessableError } from "./graphql-nodes.ts";
import { mergeCommits } from "./merge-commits.ts";
import type { PullActions } from "./pull-actions.ts";
import type { Issue, MergeGroup, Repo } from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

/** Who lands a merge group: GitHub's merge queue, not the app that enqueued it. */
export const MERGE_QUEUE_LOGIN = "github-merge-queue[bot]";

type CheckState = "success" | "failure" | "pending";

/**
 * A merge queue as a `merge_queue` ruleset makes one: each enqueued pull
 * request gets a temporary merge commit on `gh-readonly-queue/<base>/...`
 * (`merge_group` checks_requested); once every required check succeeds on it
 * the base branch moves to it and the pull request is merged; a failed one
 * takes the pull request out (`merge_group` destroyed). One pull request per
 * group, built on the base's head: simple, but the order and the checks are
 * GitHub's.
 */
export class MergeQueueActions {
  readonly #actx: ActionContext;
  readonly #pulls: PullActions;

  constructor(actx: ActionContext, pulls: PullActions) {
    this.#actx = actx;
    this.#pulls = pulls;
  }

  /** `enqueuePullRequest`: answers the group, or throws GitHub's refusal. */
  enqueue(issue: Issue, expectedHeadOid: string | undefined, enqueuer: string): MergeGroup {
    const { store } = this.#actx;
    const pull = issue.pull;
    if (!pull) throw new UnprocessableError("Could not resolve to a PullRequest.");
    const queued = this.groupOf(issue);
    if (queued) return queued;
    const base = store.requireRepo(pull.baseRepo);
    if (!this.#queueOn(base, pull.baseRef)) {
      throw new UnprocessableError(`Merge queue is not enabled for the branch ${pull.baseRef}.`);
    }
    if (issue.state !== "open" || pull.draft || pull.mergeable === false) {
      throw new UnprocessableError("Pull request is not in a mergeable state.");
    }
    if (expectedHeadOid !== undefined && expectedHeadOid !== pull.headSha) {
      throw new UnprocessableError("Head sha didn't match expected head oid.");
    }
    return this.#build(issue, base, enqueuer);
  }

  /** The group a pull request waits in, if any. */
  groupOf(issue: Issue): MergeGroup | undefined {
    return this.#actx.store.mergeGroups.find(
      (group) => group.repo === issue.repo && group.number === issue.number,
    );
  }

  /** A check changed on `sha`: the group built on it may merge, or leave the queue. */
  checksChanged(repoName: string, sha: string): void {
    const { store } = this.#actx;
    const group = store.mergeGroups.find(
      (entry) => entry.repo === repoName && entry.headSha === sha,
    );
    if (!group) return;
    const repo = store.requireRepo(repoName);
    const states = this.#required(repo, group.baseRef).map((name) =>
      this.#stateOf(repo, sha, name),
    );
    if (states.includes("failure")) this.#leave(group, "dequeued");
    else if (states.every((state) => state === "success")) this.#land(group);
  }

  #build(issue: Issue, base: Repo, enqueuer: string): MergeGroup {
    const { store } = this.#actx;
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const baseSha = base.branches.get(pull.baseRef) ?? pull.baseSha;
    const [commit] = mergeCommits(store, issue, baseSha, { method: "merge" }, MERGE_QUEUE_LOGIN);
    if (!commit) throw new UnprocessableError("Could not build the merge group.");
    const group: MergeGroup = {
      id: store.nextId(),
      repo: issue.repo,
      number: issue.number,
      baseRef: pull.baseRef,
      baseSha,
      headRef: `gh-readonly-queue/${pull.baseRef}/pr-${issue.number}-${baseSha}`,
      headSha: commit.sha,
      enqueuedAt: store.now(),
      enqueuer,
    };
    base.branches.set(group.headRef, group.headSha);
    store.mergeGroups.push(group);
    this.#send(group, "checks_requested");
    // With no required check there is nothing to wait for.
    if (this.#required(base, group.baseRef).length === 0) this.#land(group);
    return group;
  }

  #land(group: MergeGroup): void {
    const { store } = this.#actx;
    const repo = store.requireRepo(group.repo);
    const issue = store.issue(group.repo, group.number);
    if (!issue?.pull || issue.state !== "open") {
      this.#leave(group, "dequeued");
      return;
    }
    // The base moved since the group was built: GitHub builds it again on the new head.
    if ((repo.branches.get(group.baseRef) ?? "") !== group.baseSha) {
      this.#leave(group, "invalidated");
      this.#build(issue, repo, group.enqueuer);
      return;
    }
    this.#leave(group, "merged");
    const commit = store.commits.get(group.headSha);
    if (commit) this.#pulls.land(issue, group.baseSha, [commit], MERGE_QUEUE_LOGIN);
  }

  #leave(group: MergeGroup, reason: "merged" | "dequeued" | "invalidated"): void {
    const { store } = this.#actx;
    const index = store.mergeGroups.indexOf(group);
    if (index !== -1) store.mergeGroups.splice(index, 1);
    store.requireRepo(group.repo).branches.delete(group.headRef);
    this.#send(group, "destroyed", reason);
  }

  #queueOn(repo: Repo, branch: string): boolean {
    return this.#actx.store.rulesetsFor(repo, branch).some((ruleset) => ruleset.mergeQueue);
  }

  #required(repo: Repo, branch: string): string[] {
    const names = this.#actx.store
      .rulesetsFor(repo, branch)
      .flatMap((ruleset) => ruleset.requiredChecks);
    return [...new Set(names)];
  }

  /** The latest check run or status of that name on `sha`, as GitHub's required checks read it. */
  #stateOf(repo: Repo, sha: string, name: string): CheckState {
    const { store } = this.#actx;
    const fullName = `${repo.owner}/${repo.name}`;
    const run = store.checkRuns.findLast(
      (entry) => entry.repo === fullName && entry.headSha === sha && entry.name === name,
    );
    const status = store.statuses.findLast(
      (entry) => entry.repo === fullName && entry.sha === sha && entry.context === name,
    );
    if (run) {
      if (run.status !== "completed") return "pending";
      return ["success", "neutral", "skipped"].includes(run.conclusion ?? "")
        ? "success"
        : "failure";
    }
    if (!status || status.state === "pending") return "pending";
    return status.state === "success" ? "success" : "failure";
  }

  #send(group: MergeGroup, action: "checks_requested" | "destroyed", reason?: string): void {
    const { store, ctx, send } = this.#actx;
    const commit = store.commits.get(group.headSha);
    const person = { name: MERGE_QUEUE_LOGIN, email: "merge-queue@users.noreply.sim" };
    send("merge_group", {
      action,
      ...(reason ? { reason } : {}),
      merge_group: {
        head_sha: group.headSha,
        head_ref: `refs/heads/${group.headRef}`,
        base_sha: group.baseSha,
        base_ref: `refs/heads/${group.baseRef}`,
        head_commit: {
          id: group.headSha,
          tree_id: group.headSha,
          message: commit?.message ?? "",
          timestamp: commit?.committedDate ?? store.now(),
          author: person,
          committer: person,
        },
      },
      ...webhookEnvelope(ctx, store.requireRepo(group.repo), group.enqueuer),
    });
  }
}

/** GitHub's refusal of an enqueue: the GraphQL endpoint answers it as UNPROCESSABLE. */
export class QueueRefusal extends Error {}
