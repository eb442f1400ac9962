import type { ContractInput } from "../c4/contract/index.ts";
import type { GitHubClient } from "./client.ts";

/**
 * The texts of the changed contract files at the fork point and at the head,
 * in ONE GraphQL query (`object(expression: "SHA:path")` per file and side).
 * Asked only after the snapshot showed a contract file among the changed
 * paths: the snapshot query cannot name files it has not yet listed, so a
 * pull request that touches no contract file costs no request for this.
 */
export async function readContractFiles(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  revs: { base: string; head: string },
  paths: readonly string[],
): Promise<ContractInput[]> {
  if (paths.length === 0) return [];
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  const fields: string[] = [];
  const declarations = ["$owner: String!", "$name: String!"];
  paths.forEach((path, i) => {
    for (const [side, rev] of [
      ["b", revs.base],
      ["a", revs.head],
    ] as const) {
      const name = `${side}${i}`;
      variables[name] = `${rev}:${path}`;
      declarations.push(`$${name}: String!`);
      fields.push(`${name}: object(expression: $${name}) { ... on Blob { text } }`);
    }
  });
  const query = `query C4ContractFiles(${declarations.join(", ")}) {
    repository(owner: $owner, name: $name) { ${fields.join("\n")} }
  }`;
  const data = await github.graphql<{
    repository: Record<string, { text?: string | null } | null> | null;
  }>(query, variables);
  const blobs = data.repository ?? {};
  return paths.map((path, i) => ({
    path,
    before: blobs[`b${i}`]?.text ?? null,
    after: blobs[`a${i}`]?.text ?? null,
  }));
}
