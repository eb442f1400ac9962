import type { ContractInput } from "../c4/contract/index.ts";
import type { GitHubClient } from "./client.ts";
import { readBlobTexts } from "./read-blob-texts.ts";

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
  // Each path at the fork point, then at the head.
  const blobs = await readBlobTexts(
    github,
    repo,
    "C4ContractFiles",
    paths.flatMap((path) => [`${revs.base}:${path}`, `${revs.head}:${path}`]),
  );
  return paths.map((path, i) => ({
    path,
    before: blobs[2 * i]?.text ?? null,
    after: blobs[2 * i + 1]?.text ?? null,
  }));
}
