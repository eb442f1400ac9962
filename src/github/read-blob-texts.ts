import type { GitHubClient } from "./client.ts";

/** A blob as GraphQL gives it, or null where the expression names none. */
export type BlobText = { text: string | null; isBinary: boolean } | null;

/**
 * The blobs at `SHA:path` expressions, in ONE GraphQL query: an aliased
 * `object(expression:)` each. The expressions go in as variables, never into
 * the query text. `operation` names the query, so the budget and the
 * simulator's log tell its callers apart.
 */
export async function readBlobTexts(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  operation: string,
  expressions: readonly string[],
): Promise<BlobText[]> {
  if (expressions.length === 0) return [];
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  const declarations = ["$owner: String!", "$name: String!"];
  const fields = expressions.map((expression, index) => {
    variables[`e${index}`] = expression;
    declarations.push(`$e${index}: String!`);
    return `f${index}: object(expression: $e${index}) { ... on Blob { text isBinary } }`;
  });
  const query = `query ${operation}(${declarations.join(", ")}) {
    repository(owner: $owner, name: $name) { ${fields.join("\n")} }
  }`;
  const data = await github.graphql<{
    repository: Record<string, { text?: string | null; isBinary?: boolean | null } | null> | null;
  }>(query, variables);
  return expressions.map((_, index) => {
    const blob = data.repository?.[`f${index}`];
    return blob ? { text: blob.text ?? null, isBinary: blob.isBinary === true } : null;
  });
}
