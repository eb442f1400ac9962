import type { Permission } from "../c4/index.ts";
import type { GitHubClient } from "./client.ts";

/** How many of the newest pull requests the 2.7.4 report reads: one query, whatever the history. */
export const ACTIVITY_PULLS = 100;

const activityQuery = /* GraphQL */ `
  query C4MaintainerActivity($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      collaborators(first: 100) {
        edges { permission node { login } }
      }
      pullRequests(last: ${ACTIVITY_PULLS}) {
        nodes {
          createdAt
          author { login }
          mergedAt
          mergedBy { login }
          reviews(last: 50) { nodes { author { login } submittedAt } }
        }
      }
    }
  }
`;

type Login = { login: string } | null;

interface ActivityData {
  repository: {
    collaborators: {
      edges: ({ permission: string; node: { login: string } | null } | null)[] | null;
    } | null;
    pullRequests: {
      nodes:
        | ({
            createdAt: string;
            author: Login;
            mergedAt: string | null;
            mergedBy: Login;
            reviews: {
              nodes: ({ author: Login; submittedAt: string | null } | null)[] | null;
            } | null;
          } | null)[]
        | null;
    };
  } | null;
}

/**
 * The repository's collaborators and who opened, merged or reviewed its
 * newest pull requests, when: the inputs of the inactive-maintainers report
 * (C4 2.7.4), in ONE GraphQL query.
 */
export async function readMaintainerActivity(
  github: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<{
  permissions: Map<string, Permission>;
  actions: { login: string; at: string }[];
  pulls: number;
}> {
  const data = await github.graphql<ActivityData>(activityQuery, {
    owner: repo.owner,
    name: repo.repo,
  });
  const permissions = new Map<string, Permission>();
  for (const edge of data.repository?.collaborators?.edges ?? []) {
    if (edge?.node) {
      permissions.set(edge.node.login.toLowerCase(), edge.permission.toLowerCase() as Permission);
    }
  }
  const pulls = (data.repository?.pullRequests.nodes ?? []).flatMap((pull) => (pull ? [pull] : []));
  const actions = pulls.flatMap((pull) => [
    ...(pull.author ? [{ login: pull.author.login, at: pull.createdAt }] : []),
    ...(pull.mergedBy && pull.mergedAt ? [{ login: pull.mergedBy.login, at: pull.mergedAt }] : []),
    ...(pull.reviews?.nodes ?? []).flatMap((review) =>
      review?.author && review.submittedAt
        ? [{ login: review.author.login, at: review.submittedAt }]
        : [],
    ),
  ]);
  return { permissions, actions, pulls: pulls.length };
}
