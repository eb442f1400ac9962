import { type ConnectionArgs, connection } from "./graphql-connection.ts";
import { mergeQueueEntry } from "./graphql-merge-queue.ts";
import { type GraphqlNodes, type Node, upper } from "./graphql-nodes.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";
import type { Issue } from "./sandbox-types.ts";

/** Issues (Issue) and pull requests (PullRequest), with their labels, commits and reviews. */
export function issueNodes(
  ctx: ShapeContext,
  nodes: GraphqlNodes,
): Pick<GraphqlNodes, "plainIssue" | "pullRequest"> {
  const { store } = ctx;

  /** GitHub's PatchStatus of a path between the patch's base and head. */
  const changeType = (baseSha: string, headSha: string, path: string): string => {
    if (store.commits.get(baseSha)?.tree[path] === undefined) return "ADDED";
    if (store.commits.get(headSha)?.tree[path] === undefined) return "DELETED";
    return "MODIFIED";
  };
  const origin = ctx.origin();

  const label = (repo: string, name: string): Node => ({
    __typename: "Label",
    id: nodeId("Label", name.length),
    name,
    color: "ededed",
    description: null,
    isDefault: false,
    url: `${origin}/${repo}/labels/${encodeURIComponent(name)}`,
  });

  const issueFields = (issue: Issue): Node => ({
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    author: nodes.actor(issue.author),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    closed: issue.state === "closed",
    url: `${origin}/${issue.repo}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    repository: () => nodes.repository(store.requireRepo(issue.repo)),
    labels: (args: ConnectionArgs) =>
      connection(
        issue.labels.map((name) => label(issue.repo, name)),
        args,
      ),
    milestone:
      issue.milestone === null ? null : { __typename: "Milestone", title: issue.milestone },
  });

  const plainIssue = (issue: Issue): Node => ({
    __typename: "Issue",
    id: nodeId("Issue", issue.id),
    ...issueFields(issue),
    state: upper(issue.state),
    stateReason: upper(issue.stateReason),
  });

  const pullRequest = (issue: Issue): Node => {
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const open = issue.state === "open";
    const commitNodes = () =>
      pull.commits.map((sha) => ({
        __typename: "PullRequestCommit",
        id: nodeId("PullRequestCommit", Number.parseInt(sha.slice(0, 8), 16)),
        commit: nodes.commit(issue.repo, sha),
        url: `${origin}/${issue.repo}/pull/${issue.number}/commits/${sha}`,
      }));
    const base = store.requireRepo(pull.baseRepo);
    const head = store.repo(pull.headRepo);
    return {
      __typename: "PullRequest",
      id: nodeId("PullRequest", issue.pullId),
      ...issueFields(issue),
      databaseId: issue.pullId,
      state: pull.merged ? "MERGED" : upper(issue.state),
      isDraft: pull.draft,
      merged: pull.merged,
      mergedAt: pull.mergedAt,
      mergedBy: nodes.actor(pull.mergedBy),
      mergeCommit: pull.mergeCommitSha ? nodes.commit(issue.repo, pull.mergeCommitSha) : null,
      mergeable:
        !open || pull.mergeable === null ? "UNKNOWN" : pull.mergeable ? "MERGEABLE" : "CONFLICTING",
      isInMergeQueue: store.mergeGroups.some(
        (group) => group.repo === issue.repo && group.number === issue.number,
      ),
      mergeQueueEntry: () => {
        const group = store.mergeGroups.find(
          (entry) => entry.repo === issue.repo && entry.number === issue.number,
        );
        return group ? mergeQueueEntry(ctx, nodes, group) : null;
      },
      baseRefName: pull.baseRef,
      baseRefOid: base.branches.get(pull.baseRef) ?? pull.baseSha,
      headRefName: pull.headRef,
      headRefOid: pull.headSha,
      isCrossRepository: pull.baseRepo !== pull.headRepo,
      baseRepository: nodes.repository(base),
      headRepository: head ? nodes.repository(head) : null,
      headRepositoryOwner: head ? nodes.actor(head.owner) : null,
      permalink: `${origin}/${issue.repo}/pull/${issue.number}`,
      changedFiles: store.diff(pull.baseSha, pull.headSha).length,
      files: (args: ConnectionArgs) =>
        connection(
          store.diff(pull.baseSha, pull.headSha).map((path) => ({
            __typename: "PullRequestChangedFile",
            path,
            additions: 1,
            deletions: 0,
            changeType: changeType(pull.baseSha, pull.headSha, path),
          })),
          args,
        ),
      commits: (args: ConnectionArgs) => connection(commitNodes(), args),
      closingIssuesReferences: (args: ConnectionArgs) =>
        connection(store.closingIssues(issue).map(plainIssue), args),
      reviews: (args: ConnectionArgs & { states?: string[] | null }) =>
        connection(
          store.reviews
            .filter((review) => review.repo === issue.repo && review.number === issue.number)
            .filter((review) => !args.states || args.states.includes(review.state))
            .map((review) => ({
              __typename: "PullRequestReview",
              id: nodeId("PullRequestReview", review.id),
              databaseId: review.id,
              author: nodes.actor(review.author),
              state: review.state,
              body: review.body,
              submittedAt: review.submittedAt,
              createdAt: review.submittedAt,
              commit: nodes.commit(issue.repo, review.commitId),
            })),
          args,
        ),
    };
  };

  return { plainIssue, pullRequest };
}
