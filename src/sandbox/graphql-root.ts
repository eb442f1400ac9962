import { actorNodes } from "./graphql-actor.ts";
import { commitNodes } from "./graphql-commit.ts";
import { issueNodes } from "./graphql-issue.ts";
import { mergeQueueMutations } from "./graphql-merge-queue.ts";
import { type GraphqlNodes, type Node, NotFoundError } from "./graphql-nodes.ts";
import { repositoryNodes } from "./graphql-repository.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";

/** The call's price and the installation's `graphql` budget after charging it. */
export interface RateLimitState {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
  nodeCount: number;
}

/**
 * Resolvers for the part of GitHub's schema the bot reads, as plain objects:
 * a field is a value or a function of its arguments. The executor's default
 * field resolver walks them and `__typename` picks the type of interfaces and
 * unions, so the rest of the big schema needs no code. One module per kind of
 * node (graphql-actor, -commit, -checks, -issue, -repository).
 */
export function createGraphqlRoot(
  ctx: ShapeContext,
  rate: RateLimitState,
  actions: SandboxActions,
): Node {
  const { store } = ctx;
  const nodes = {} as GraphqlNodes;
  Object.assign(
    nodes,
    actorNodes(ctx, nodes),
    commitNodes(ctx, nodes),
    issueNodes(ctx, nodes),
    repositoryNodes(ctx, nodes),
  );

  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = store.repo(`${owner}/${name}`);
      if (!repo) {
        throw new NotFoundError(
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      }
      return nodes.repository(repo);
    },
    repositoryOwner: ({ login }: { login: string }) =>
      store.users.has(login) && store.users.get(login)?.type !== "Bot" ? nodes.actor(login) : null,
    user: ({ login }: { login: string }) =>
      store.users.get(login)?.type === "User" ? nodes.actor(login) : null,
    organization: ({ login }: { login: string }) =>
      store.users.get(login)?.type === "Organization" ? nodes.actor(login) : null,
    rateLimit: () => ({ __typename: "RateLimit", ...rate }),
    ...mergeQueueMutations(ctx, nodes, actions),
  };
}
