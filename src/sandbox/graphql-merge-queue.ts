import type { GraphqlNodes, Node } from "./graphql-nodes.ts";
import { UnprocessableError } from "./graphql-nodes.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";
import type { MergeGroup } from "./sandbox-types.ts";

/** A pull request's place in its merge queue (MergeQueueEntry). */
export function mergeQueueEntry(ctx: ShapeContext, nodes: GraphqlNodes, group: MergeGroup): Node {
  const { store } = ctx;
  const waiting = store.mergeGroups.filter((entry) => entry.repo === group.repo);
  const position = waiting.indexOf(group);
  const issue = store.issue(group.repo, group.number);
  return {
    __typename: "MergeQueueEntry",
    id: nodeId("MergeQueueEntry", group.id),
    enqueuedAt: group.enqueuedAt,
    enqueuer: nodes.actor(group.enqueuer),
    headCommit: nodes.commit(group.repo, group.headSha),
    baseCommit: nodes.commit(group.repo, group.baseSha),
    position: Math.max(position, 0) + 1,
    // Still waiting for its checks, or already merged by the time this answers.
    state: position === -1 ? "MERGEABLE" : "AWAITING_CHECKS",
    jump: false,
    solo: false,
    pullRequest: issue ? nodes.pullRequest(issue) : null,
  };
}

/** `enqueuePullRequest`: the bot hands a correct patch to the base branch's merge queue. */
export function mergeQueueMutations(
  ctx: ShapeContext,
  nodes: GraphqlNodes,
  actions: SandboxActions,
): Node {
  const { store } = ctx;
  return {
    enqueuePullRequest: ({
      input,
    }: {
      input: { pullRequestId: string; expectedHeadOid?: string | null; clientMutationId?: string };
    }) => {
      const issue = [...store.issues.values()].find(
        (candidate) =>
          candidate.pull && nodeId("PullRequest", candidate.pullId) === input.pullRequestId,
      );
      if (!issue) {
        throw new UnprocessableError(
          `Could not resolve to a node with the global id of '${input.pullRequestId}'.`,
        );
      }
      const group = actions.queue.enqueue(
        issue,
        input.expectedHeadOid ?? undefined,
        actions.appLogin,
      );
      return {
        clientMutationId: input.clientMutationId ?? null,
        mergeQueueEntry: mergeQueueEntry(ctx, nodes, group),
      };
    },
  };
}
