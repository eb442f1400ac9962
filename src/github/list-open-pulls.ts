import type { GitHubClient } from "./client.ts";

export interface OpenPull {
  number: number;
  headSha: string;
  closes: number[];
}

const openPullsQuery = /* GraphQL */ `
  query C4OpenPulls($owner: String!, $name: String!, $after: String) {
    repository(owner: $owner, name: $name) {
      pullRequests(states: [OPEN], first: 100, after: $after) {
        nodes {
          number
          headRefOid
          closingIssuesReferences(first: 10) { nodes { number } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

interface OpenPullsData {
  repository: {
    pullRequests: {
      nodes: ({
        number: number;
        headRefOid: string;
        closingIssuesReferences: { nodes: ({ number: number } | null)[] | null } | null;
      } | null)[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Every open pull request of a repository, 100 per query. */
export async function listOpenPulls(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  maxPages = 50,
): Promise<OpenPull[]> {
  const pulls: OpenPull[] = [];
  let after: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const data: OpenPullsData = await github.graphql<OpenPullsData>(openPullsQuery, {
      owner: repo.owner,
      name: repo.repo,
      after,
    });
    const connection = data.repository?.pullRequests;
    if (!connection) break;
    for (const node of connection.nodes) {
      if (!node) continue;
      pulls.push({
        number: node.number,
        headSha: node.headRefOid,
        closes: (node.closingIssuesReferences?.nodes ?? []).flatMap((issue) =>
          issue ? [issue.number] : [],
        ),
      });
    }
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return pulls;
}
