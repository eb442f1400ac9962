import type { GitHubClient } from "./client.ts";

export interface ClosingIssues {
  merged: boolean;
  author: string | null;
  issues: { number: number; author: string | null; authorType: string | null }[];
}

const closingQuery = /* GraphQL */ `
  query C4ClosingIssues($owner: String!, $name: String!, $number: Int!) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: $number) {
        merged
        author { login }
        closingIssuesReferences(first: 50) {
          nodes {
            number
            repository { nameWithOwner }
            author { __typename login }
          }
        }
      }
    }
  }
`;

interface ClosingData {
  repository: {
    pullRequest: {
      merged: boolean;
      author: { login: string } | null;
      closingIssuesReferences: {
        nodes: ({
          number: number;
          repository: { nameWithOwner: string };
          author: { __typename: string; login: string } | null;
        } | null)[];
      } | null;
    } | null;
  } | null;
}

/** A pull request's merge state and the issues of its own repository it closes, in one query. */
export async function readClosingIssues(
  github: GitHubClient,
  pull: { owner: string; repo: string; number: number },
): Promise<ClosingIssues> {
  const data = await github.graphql<ClosingData>(closingQuery, {
    owner: pull.owner,
    name: pull.repo,
    number: pull.number,
  });
  const found = data.repository?.pullRequest;
  const here = `${pull.owner}/${pull.repo}`.toLowerCase();
  return {
    merged: found?.merged ?? false,
    author: found?.author?.login ?? null,
    issues: (found?.closingIssuesReferences?.nodes ?? []).flatMap((issue) =>
      issue && issue.repository.nameWithOwner.toLowerCase() === here
        ? [
            {
              number: issue.number,
              author: issue.author?.login ?? null,
              authorType: issue.author?.__typename ?? null,
            },
          ]
        : [],
    ),
  };
}
