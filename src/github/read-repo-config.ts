import { REPO_CONFIG_FILE } from "../c4/index.ts";
import type { GitHubClient } from "./client.ts";

export interface RepoConfigRead {
  /** The repository's `.github/c4.yml` on its default branch, or null. */
  configText: string | null;
  /** The organisation's (`OWNER/.github`), or null. */
  orgConfigText: string | null;
  defaultBranch: string | null;
  /** The default branch's head and its checks' combined state (SUCCESS, FAILURE, ...). */
  headSha: string | null;
  headState: string | null;
}

/**
 * The config lookup of the snapshot query (src/github/snapshot-query.ts), for
 * jobs that are not about one pull request: the same blobs, in ONE query.
 */
const repoConfigQuery = /* GraphQL */ `
  query C4RepoConfig($owner: String!, $name: String!, $configPath: String!) {
    repository(owner: $owner, name: $name) {
      defaultBranchRef {
        name
        target {
          ... on Commit {
            oid
            statusCheckRollup { state }
          }
        }
      }
      config: object(expression: $configPath) {
        ... on Blob { text }
      }
    }
    orgConfig: repositoryOwner(login: $owner) {
      repository(name: ".github") {
        object(expression: $configPath) {
          ... on Blob { text }
        }
      }
    }
  }
`;

interface RepoConfigData {
  repository: {
    defaultBranchRef: {
      name: string;
      target: { oid?: string; statusCheckRollup?: { state: string } | null } | null;
    } | null;
    config: { text?: string | null } | null;
  } | null;
  orgConfig: { repository: { object: { text?: string | null } | null } | null } | null;
}

export async function readRepoConfig(
  github: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<RepoConfigRead> {
  const data = await github.graphql<RepoConfigData>(repoConfigQuery, {
    owner: repo.owner,
    name: repo.repo,
    configPath: `HEAD:${REPO_CONFIG_FILE}`,
  });
  const branch = data.repository?.defaultBranchRef ?? null;
  return {
    configText: data.repository?.config?.text ?? null,
    orgConfigText: data.orgConfig?.repository?.object?.text ?? null,
    defaultBranch: branch?.name ?? null,
    headSha: branch?.target?.oid ?? null,
    headState: branch?.target?.statusCheckRollup?.state ?? null,
  };
}
