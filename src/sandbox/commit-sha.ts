import { createHash } from "node:crypto";

export interface CommitContent {
  tree: Record<string, string>;
  message: string;
  parents: string[];
  author: string;
  committedDate: string;
}

/** Git's blob id: sha1 of `blob <size>\0<content>`, as the contents API reports it. */
export function blobSha(text: string): string {
  const body = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");
}

/**
 * A git-like commit id: sha1 over what makes the commit (tree, message, parents,
 * author, date), so two different commits never share an id and the same inputs
 * give the same id.
 */
export function commitSha(content: CommitContent): string {
  const tree = Object.keys(content.tree)
    .sort()
    .map((path) => `${blobSha(content.tree[path] ?? "")} ${path}`)
    .join("\n");
  return createHash("sha1")
    .update(
      JSON.stringify([
        tree,
        content.message,
        content.parents,
        content.author,
        content.committedDate,
      ]),
    )
    .digest("hex");
}
