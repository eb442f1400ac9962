import { gitOutput } from "./run-git.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The commits a pull request from HEAD would carry: those on HEAD that are not
 * on the upstream default branch. The base is, in order: what `origin/HEAD`
 * points to (set by `git clone`), `origin/main`, `origin/master`, then a local
 * `main` or `master` unless HEAD is that very branch (it would compare a
 * branch with itself and always find nothing).
 */
export async function findDefaultRange(cwd: string): Promise<string> {
  const base = await findBase(cwd);
  if (!base) {
    throw new UsageError(
      "c4bot check: cannot find the upstream default branch to compare HEAD with " +
        "(no origin/HEAD, origin/main, origin/master, nor a local main or master other than HEAD).\n" +
        "Pass the commits to check as a range, e.g. `c4bot check main..HEAD` or `c4bot check HEAD~3..HEAD`.",
    );
  }
  return `${base}..HEAD`;
}

async function findBase(cwd: string): Promise<string | undefined> {
  const originHead = await gitOutput(cwd, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]);
  if (originHead) return originHead.replace(/^refs\/remotes\//, "");
  for (const ref of ["origin/main", "origin/master"]) {
    if (await exists(cwd, `refs/remotes/${ref}`)) return ref;
  }
  const current = await gitOutput(cwd, ["symbolic-ref", "--quiet", "HEAD"]);
  for (const branch of ["main", "master"]) {
    const ref = `refs/heads/${branch}`;
    if (ref !== current && (await exists(cwd, ref))) return branch;
  }
  return undefined;
}

async function exists(cwd: string, ref: string): Promise<boolean> {
  return (
    (await gitOutput(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])) !== undefined
  );
}
