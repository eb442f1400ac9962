import { createHash } from "node:crypto";

/**
 * A blob's object id as git computes it (`git hash-object`): the same text
 * has the same id in every commit, which is what a client comparing trees
 * across tags relies on.
 */
export function blobOid(text: string): string {
  const body = Buffer.from(text);
  return createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");
}

/**
 * A directory's id: a hash of the paths and blob ids below it. Not git's
 * byte-exact tree format (the simulator stores no modes), but like git's it
 * changes exactly when something below the directory changes.
 */
export function treeOid(tree: Readonly<Record<string, string>>, path: string): string {
  const prefix = path === "" ? "" : `${path}/`;
  const hash = createHash("sha1").update("tree\0");
  for (const file of Object.keys(tree).sort()) {
    if (file.startsWith(prefix))
      hash.update(`${file.slice(prefix.length)}\0${blobOid(tree[file] ?? "")}\n`);
  }
  return hash.digest("hex");
}
