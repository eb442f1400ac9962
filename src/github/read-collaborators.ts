import type { GitHubClient } from "./client.ts";

const collaboratorsQuery = /* GraphQL */ `
  query C4Collaborators($owner: String!, $name: String!) {
    repository(owner: $owner, name: $name) {
      collaborators(first: 100) {
        edges { permission node { login } }
      }
    }
  }
`;

interface CollaboratorsData {
  repository: {
    collaborators: {
      edges: ({ permission: string; node: { login: string } | null } | null)[] | null;
    } | null;
  } | null;
}

/**
 * The repository's collaborators and their permission (lower case: `admin`,
 * `maintain`, `write`, `triage`, `read`), keyed by lower-cased login. One query;
 * an app without the right to list them gets an empty map.
 */
export async function readCollaborators(
  github: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<Map<string, string>> {
  const data = await github.graphql<CollaboratorsData>(collaboratorsQuery, {
    owner: repo.owner,
    name: repo.repo,
  });
  const permissions = new Map<string, string>();
  for (const edge of data.repository?.collaborators?.edges ?? []) {
    if (edge?.node) permissions.set(edge.node.login.toLowerCase(), edge.permission.toLowerCase());
  }
  return permissions;
}
