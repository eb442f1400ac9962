import type { GitHubClient } from "./client.ts";
import type { RequestBudget, Walked } from "./request-budget.ts";

/** One pull request as the community reports read it: plain data. */
export interface PullRecord {
  number: number;
  title: string;
  author: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  createdAt: string;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommit: string | null;
  /** The commits of the patch, oldest first. */
  commits: { sha: string; message: string; author: string | null; committedDate: string }[];
  /** When the last commit was made: the closest GitHub keeps to "the last push". */
  lastCommitAt: string | null;
  /** The `C4` check run's conclusion on the head (lower case), or null when it has none. */
  c4: string | null;
  closes: { number: number; title: string }[];
}

const pullsQuery = /* GraphQL */ `
  query C4Pulls($owner: String!, $name: String!, $after: String) {
    repository(owner: $owner, name: $name) {
      pullRequests(first: 50, after: $after, states: [OPEN, CLOSED, MERGED]) {
        nodes {
          number
          title
          state
          createdAt
          mergedAt
          author { login }
          mergedBy { login }
          mergeCommit { oid }
          commits(first: 100) {
            nodes { commit { oid message committedDate author { user { login } } } }
          }
          head: commits(last: 1) {
            nodes {
              commit {
                checkSuites(first: 20) {
                  nodes { checkRuns(first: 20) { nodes { name conclusion } } }
                }
              }
            }
          }
          closingIssuesReferences(first: 20) { nodes { number title } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

type Maybe<T> = T | null;
interface PullNode {
  number: number;
  title: string;
  state: PullRecord["state"];
  createdAt: string;
  mergedAt: string | null;
  author: Maybe<{ login: string }>;
  mergedBy: Maybe<{ login: string }>;
  mergeCommit: Maybe<{ oid: string }>;
  commits: {
    nodes: Maybe<{
      commit: {
        oid: string;
        message: string;
        committedDate: string;
        author: Maybe<{ user: Maybe<{ login: string }> }>;
      };
    }>[];
  };
  head: {
    nodes: Maybe<{
      commit: {
        checkSuites: Maybe<{
          nodes: Maybe<{
            checkRuns: Maybe<{ nodes: Maybe<{ name: string; conclusion: string | null }>[] }>;
          }>[];
        }>;
      };
    }>[];
  };
  closingIssuesReferences: Maybe<{ nodes: Maybe<{ number: number; title: string }>[] }>;
}
interface PullsData {
  repository: {
    pullRequests: {
      nodes: Maybe<PullNode>[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Every pull request of a repository, 50 per query, until the budget runs out. */
export async function listPulls(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  budget: RequestBudget,
): Promise<Walked<PullRecord>> {
  const items: PullRecord[] = [];
  let after: string | null = null;
  for (;;) {
    if (!budget.take()) return { items, complete: false };
    const data: PullsData = await github.graphql<PullsData>(pullsQuery, {
      owner: repo.owner,
      name: repo.repo,
      after,
    });
    const connection = data.repository?.pullRequests;
    if (!connection) return { items, complete: true };
    for (const node of connection.nodes) if (node) items.push(toPullRecord(node));
    if (!connection.pageInfo.hasNextPage) return { items, complete: true };
    after = connection.pageInfo.endCursor;
  }
}

/** Maps one node of the query; pure. */
export function toPullRecord(node: PullNode): PullRecord {
  const commits = node.commits.nodes.flatMap((entry) =>
    entry
      ? [
          {
            sha: entry.commit.oid,
            message: entry.commit.message,
            author: entry.commit.author?.user?.login ?? null,
            committedDate: entry.commit.committedDate,
          },
        ]
      : [],
  );
  const runs = (node.head.nodes[0]?.commit.checkSuites?.nodes ?? []).flatMap(
    (suite) => suite?.checkRuns?.nodes ?? [],
  );
  const c4 = runs.find((run) => run?.name === "C4");
  return {
    number: node.number,
    title: node.title,
    author: node.author?.login ?? "ghost",
    state: node.state,
    createdAt: node.createdAt,
    mergedAt: node.mergedAt,
    mergedBy: node.mergedBy?.login ?? null,
    mergeCommit: node.mergeCommit?.oid ?? null,
    commits,
    lastCommitAt: commits.at(-1)?.committedDate ?? null,
    c4: c4?.conclusion ? c4.conclusion.toLowerCase() : null,
    closes: (node.closingIssuesReferences?.nodes ?? []).flatMap((issue) =>
      issue ? [{ number: issue.number, title: issue.title }] : [],
    ),
  };
}
