import type { AddedFile } from "../c4/index.ts";
import type { GitHubClient } from "./client.ts";

/** Enough of a file for its licence header: headers sit in the first lines. */
const HEAD_CHARS = 2048;
/** Heads already read, by `owner/repo@sha`: CI events re-evaluate one head many times. */
const CACHE_SIZE = 500;
const cache = new Map<string, AddedFile[]>();

/**
 * Reads the first lines of the files a pull request adds, for `foreign-code`
 * (C4 2.3.5): one GraphQL query with an `object(expression: "SHA:path")` per
 * file, made only when there are added files, and at most once per head.
 * The base repository resolves its pull requests' head commits, forks' too.
 */
export async function readAddedFiles(
  github: GitHubClient,
  ref: { owner: string; repo: string },
  headSha: string,
  paths: string[],
): Promise<AddedFile[]> {
  if (paths.length === 0) return [];
  const key = `${ref.owner}/${ref.repo}@${headSha}`;
  const known = cache.get(key);
  if (known) return known;
  // Paths go in as variables, never into the query text.
  const variables: Record<string, string> = { owner: ref.owner, name: ref.repo };
  const fields = paths.map((path, index) => {
    variables[`e${index}`] = `${headSha}:${path}`;
    return `f${index}: object(expression: $e${index}) { ... on Blob { text isBinary } }`;
  });
  const declarations = paths.map((_, index) => `$e${index}: String!`).join(", ");
  const query = `query C4AddedFiles($owner: String!, $name: String!, ${declarations}) {
    repository(owner: $owner, name: $name) { ${fields.join("\n")} }
  }`;
  const data = await github.graphql<AddedFilesData>(query, variables);
  const files = paths.map((path, index) => {
    const blob = data.repository?.[`f${index}`];
    return { path, head: blob && !blob.isBinary ? (blob.text ?? "").slice(0, HEAD_CHARS) : "" };
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, files);
  return files;
}

interface AddedFilesData {
  repository: Record<string, { text?: string | null; isBinary?: boolean | null } | null> | null;
}
