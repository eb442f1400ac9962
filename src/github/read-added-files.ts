import type { AddedFile } from "../c4/index.ts";
import type { GitHubClient } from "./client.ts";
import { readBlobTexts } from "./read-blob-texts.ts";

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
  const blobs = await readBlobTexts(
    github,
    ref,
    "C4AddedFiles",
    paths.map((path) => `${headSha}:${path}`),
  );
  const files = paths.map((path, index) => {
    const blob = blobs[index];
    return { path, head: blob && !blob.isBinary ? (blob.text ?? "").slice(0, HEAD_CHARS) : "" };
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, files);
  return files;
}
