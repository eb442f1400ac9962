import { readBlobs } from "../cli/read-blobs.ts";
import { runGit } from "../cli/run-git.ts";

/**
 * The git work `c4bot contract --base base --head HEAD` does, alone: the
 * top level, two `ls-tree` and one `cat-file --batch` of every file. What
 * the command takes beyond this is its own.
 */
export async function gitReads(dir: string, head: string): Promise<void> {
  await runGit(dir, ["rev-parse", "--show-toplevel"]);
  const [base, after] = await Promise.all([
    runGit(dir, ["ls-tree", "-r", "-z", "--name-only", "base^{tree}"]),
    runGit(dir, ["ls-tree", "-r", "-z", "--name-only", `${head}^{tree}`]),
  ]);
  const objects = [
    ...base.stdout
      .split("\0")
      .filter(Boolean)
      .map((path) => `base:${path}`),
    ...after.stdout
      .split("\0")
      .filter(Boolean)
      .map((path) => `${head}:${path}`),
  ];
  await readBlobs(dir, objects);
}
