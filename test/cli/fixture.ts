import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";

/**
 * Keeps the tester's own git config (hooksPath, signing, templates) out of the
 * temporary repositories, for git run here and for git run by the CLI.
 */
export const gitEnv: Record<string, string | undefined> = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Ada Tester",
  GIT_AUTHOR_EMAIL: "ada@example.org",
  GIT_COMMITTER_NAME: "Ada Tester",
  GIT_COMMITTER_EMAIL: "ada@example.org",
};
Object.assign(process.env, {
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
});

/** Temporary directories, removed with `removeTempDirs` in `afterAll`. */
const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "c4bot-cli-test-"));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: gitEnv, encoding: "utf8" }).trim();
}

/** A new repository on `main`, with a committer identity. */
export function initRepo(dir = tempDir()): string {
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "Ada Tester");
  git(dir, "config", "user.email", "ada@example.org");
  git(dir, "config", "commit.gpgsign", "false");
  return dir;
}

/** Commits with exactly these messages (no cleanup), one empty commit each; returns the shas. */
export function commit(dir: string, ...messages: string[]): string[] {
  return messages.map((message) => {
    execFileSync("git", ["commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-F", "-"], {
      cwd: dir,
      env: gitEnv,
      input: message,
    });
    return git(dir, "rev-parse", "HEAD");
  });
}

export const good = "Problem: the socket leaks\n\nSolution: close it in the reaper.\n";
export const good2 = "Problem: the poller spins\n\nSolution: block in epoll_wait.\n";
export const bad = "Fix the socket leak\n";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`, with captured output. */
export async function run(
  cwd: string,
  argv: string[],
  options: Partial<Pick<CliIo, "env" | "isTTY">> = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
  });
  return { code, stdout, stderr };
}
