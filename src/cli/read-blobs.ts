import { spawn } from "node:child_process";

/**
 * Reads many `REV:path` objects with ONE `git cat-file --batch` process:
 * the text of each, or null where the revision has no such file. A
 * libzmq-sized contract (60 models, a 3,000-line header) is one process,
 * not sixty.
 */
export function readBlobs(cwd: string, objects: string[]): Promise<Map<string, string | null>> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], {
      cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file failed: ${Buffer.concat(errors).toString().trim()}`));
        return;
      }
      resolve(splitBatch(Buffer.concat(chunks), objects));
    });
    // Object names never hold a newline here: paths come from git ls-tree -z.
    child.stdin.end(objects.map((name) => `${name}\n`).join(""));
  });
}

/** `<oid> blob <size>\n<content>\n` per object, or `<name> missing\n`. */
function splitBatch(output: Buffer, objects: string[]): Map<string, string | null> {
  const result = new Map<string, string | null>();
  let offset = 0;
  for (const name of objects) {
    const newline = output.indexOf(10, offset);
    const header = output.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    const [, type, size] = header.split(" ");
    if (type === undefined || size === undefined || header.endsWith(" missing")) {
      result.set(name, null);
      continue;
    }
    const length = Number(size);
    result.set(
      name,
      type === "blob" ? output.subarray(offset, offset + length).toString("utf8") : null,
    );
    offset += length + 1;
  }
  return result;
}
