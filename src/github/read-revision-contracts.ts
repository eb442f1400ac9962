import {
  type ContractFileSpec,
  contractRoots,
  contractSpecFor,
  type RevisionFile,
} from "../c4/contract/index.ts";
import type { GitHubClient } from "./client.ts";
import { readBlobTexts } from "./read-blob-texts.ts";
import type { RequestBudget } from "./request-budget.ts";

type Repo = { owner: string; repo: string };

/** Blobs per `C4ReleaseContractFiles` query: a few megabytes of models at most. */
const BLOBS_PER_QUERY = 50;

/**
 * Three levels of a directory, in a revision's tree: the roots of ZeroMQ's
 * layouts (`api/`, `include/`) hold their files one or two levels down.
 */
const TREE_FRAGMENTS = `
fragment C4Level3 on Tree { entries { path type oid } }
fragment C4Level2 on Tree { entries { path type oid object { ...C4Level3 } } }
fragment C4Level1 on Tree { entries { path type oid object { ...C4Level2 } } }`;

type TreeEntries = {
  entries?: { path?: string | null; type: string; oid: string; object?: TreeEntries | null }[];
};

/** One revision's contract files; null when the revision does not exist (a deleted tag). */
export type RevisionContractFiles = RevisionFile[] | null;

/**
 * The contract files of several revisions (release tags, the default
 * branch's head), as the pull request rule picks them (contract-files.ts):
 * ONE GraphQL query lists the contract directories of every revision, with
 * their blobs' ids; a file no release changed has the same id everywhere and
 * is read once, in aliased `object(expression: "REV:path")` queries of
 * BLOBS_PER_QUERY. Each query takes one request from the budget; null when
 * it ran out (a part of the history would give wrong candidates).
 */
export async function readRevisionContracts(
  github: GitHubClient,
  repo: Repo,
  revs: readonly string[],
  specs: readonly ContractFileSpec[],
  budget: RequestBudget,
): Promise<RevisionContractFiles[] | null> {
  if (revs.length === 0) return [];
  if (!budget.take()) return null;
  const listed = await listContractBlobs(github, repo, revs, specs);
  // Each distinct blob once, at the first revision that has it.
  const where = new Map<string, string>();
  for (const [i, blobs] of listed.entries()) {
    for (const blob of blobs ?? []) {
      if (!where.has(blob.oid)) where.set(blob.oid, `${revs[i]}:${blob.path}`);
    }
  }
  const texts = new Map<string, string>();
  const oids = [...where.keys()];
  for (let start = 0; start < oids.length; start += BLOBS_PER_QUERY) {
    if (!budget.take()) return null;
    const chunk = oids.slice(start, start + BLOBS_PER_QUERY);
    const blobs = await readBlobTexts(
      github,
      repo,
      "C4ReleaseContractFiles",
      chunk.map((oid) => where.get(oid) ?? ""),
    );
    for (const [j, oid] of chunk.entries()) {
      const blob = blobs[j];
      if (blob?.text != null && !blob.isBinary) texts.set(oid, blob.text);
    }
  }
  return listed.map((blobs) =>
    blobs === null
      ? null
      : blobs.flatMap((blob) => {
          const text = texts.get(blob.oid);
          return text === undefined ? [] : [{ path: blob.path, text }];
        }),
  );
}

/** The contract files' paths and blob ids in each revision, in ONE query. */
async function listContractBlobs(
  github: GitHubClient,
  repo: Repo,
  revs: readonly string[],
  specs: readonly ContractFileSpec[],
): Promise<({ path: string; oid: string }[] | null)[]> {
  const roots = contractRoots(specs);
  const variables: Record<string, string> = { owner: repo.owner, name: repo.repo };
  const declarations = ["$owner: String!", "$name: String!"];
  const fields: string[] = [];
  for (const [i, rev] of revs.entries()) {
    variables[`r${i}`] = rev;
    declarations.push(`$r${i}: String!`);
    fields.push(`r${i}: object(expression: $r${i}) { oid }`);
    for (const [j, root] of roots.entries()) {
      variables[`t${i}_${j}`] = `${rev}:${root}`;
      declarations.push(`$t${i}_${j}: String!`);
      fields.push(`t${i}_${j}: object(expression: $t${i}_${j}) { ...C4Level1 }`);
    }
  }
  const query = `query C4ContractTrees(${declarations.join(", ")}) {
    repository(owner: $owner, name: $name) { ${fields.join("\n")} }
  }${TREE_FRAGMENTS}`;
  const data = await github.graphql<{
    repository: Record<string, (TreeEntries & { oid?: string }) | null> | null;
  }>(query, variables);
  return revs.map((_, i) => {
    if (!data.repository?.[`r${i}`]) return null;
    return roots.flatMap((_root, j) =>
      blobsOf(data.repository?.[`t${i}_${j}`] ?? null).filter((blob) =>
        contractSpecFor(blob.path, specs),
      ),
    );
  });
}

function blobsOf(tree: TreeEntries | null): { path: string; oid: string }[] {
  return (tree?.entries ?? []).flatMap((entry) => {
    if (entry.type === "tree") return blobsOf(entry.object ?? null);
    return entry.type === "blob" && entry.path ? [{ path: entry.path, oid: entry.oid }] : [];
  });
}
