import { C4_CHECK_NAME, REPO_CONFIG_FILE } from "../c4/index.ts";
import type { GitHubClient } from "./client.ts";
import { usablePartialData } from "./read-snapshot.ts";

export interface OpenPull {
  number: number;
  headSha: string;
  /** The pull request's `updatedAt`. */
  updatedAt: string;
  closes: number[];
  /** The `external_id` of c4bot's `C4` check run on the head, if it has one. */
  c4ExternalId: string | null;
}

export interface OpenPulls {
  pulls: OpenPull[];
  /** The blob ids of `.github/c4.yml` in the repository and the organisation's `.github`. */
  configOids: { repo: string | null; org: string | null };
}

/**
 * One page is 100 open pull requests with what a sweep needs to tell which
 * changed since their verdict: head, `updatedAt`, and the `external_id` of
 * the app's own `C4` run on the head (found with `filterBy`, so one suite
 * and one run per pull request: about 3 points a page, docs.github.com,
 * "Rate limits and query limits for the GraphQL API").
 */
const openPullsQuery = /* GraphQL */ `
  query C4OpenPulls(
    $owner: String!
    $name: String!
    $after: String
    $appId: Int!
    $withC4: Boolean!
    $checkName: String!
    $configPath: String!
  ) {
    repository(owner: $owner, name: $name) {
      config: object(expression: $configPath) {
        ... on Blob { oid }
      }
      pullRequests(states: [OPEN], first: 100, after: $after) {
        nodes {
          number
          headRefOid
          updatedAt
          closingIssuesReferences(first: 10) { nodes { number } }
          headCommit: commits(last: 1) @include(if: $withC4) {
            nodes {
              commit {
                checkSuites(first: 1, filterBy: { appId: $appId }) {
                  nodes {
                    checkRuns(first: 1, filterBy: { checkName: $checkName }) {
                      nodes { externalId }
                    }
                  }
                }
              }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
    orgConfig: repositoryOwner(login: $owner) {
      repository(name: ".github") {
        object(expression: $configPath) {
          ... on Blob { oid }
        }
      }
    }
  }
`;

type Nodes<T> = { nodes: (T | null)[] | null } | null;

interface OpenPullsData {
  repository: {
    config: { oid?: string } | null;
    pullRequests: {
      nodes: ({
        number: number;
        headRefOid: string;
        updatedAt: string;
        closingIssuesReferences: Nodes<{ number: number }>;
        headCommit?: Nodes<{
          commit: { checkSuites: Nodes<{ checkRuns: Nodes<{ externalId: string | null }> }> };
        }>;
      } | null)[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
  orgConfig: { repository: { object: { oid?: string } | null } | null } | null;
}

/**
 * Every open pull request of a repository, 100 per query; with `appId`
 * (c4bot's own app), the `external_id` of its `C4` runs too.
 */
export async function listOpenPulls(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  appId?: number,
  maxPages = 50,
): Promise<OpenPulls> {
  const found: OpenPulls = { pulls: [], configOids: { repo: null, org: null } };
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    let data: OpenPullsData;
    try {
      data = await github.graphql<OpenPullsData>(openPullsQuery, {
        owner: repo.owner,
        name: repo.repo,
        after,
        appId: appId ?? 0,
        withC4: appId !== undefined,
        checkName: C4_CHECK_NAME,
        configPath: `HEAD:${REPO_CONFIG_FILE}`,
      });
    } catch (error) {
      // No `.github` repository to read in the organisation: the rest still counts.
      data = usablePartialData<OpenPullsData>(error);
    }
    found.configOids = {
      repo: data.repository?.config?.oid ?? null,
      org: data.orgConfig?.repository?.object?.oid ?? null,
    };
    const connection = data.repository?.pullRequests;
    if (!connection) break;
    for (const node of connection.nodes) {
      if (!node) continue;
      const suite = node.headCommit?.nodes?.[0]?.commit.checkSuites?.nodes?.[0];
      found.pulls.push({
        number: node.number,
        headSha: node.headRefOid,
        updatedAt: node.updatedAt,
        closes: (node.closingIssuesReferences?.nodes ?? []).flatMap((issue) =>
          issue ? [issue.number] : [],
        ),
        c4ExternalId: suite?.checkRuns?.nodes?.[0]?.externalId ?? null,
      });
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return found;
}
