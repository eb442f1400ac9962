import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hookMarker } from "../../src/cli/hook.ts";
import { builtCliPath } from "../../src/cli/package-info.ts";
import { bad, commit, git, gitEnv, good, initRepo, removeTempDirs, run } from "./fixture.ts";

afterAll(removeTempDirs);

/** `git commit` as a person runs it, hooks and all. */
function gitCommit(cwd: string, ...args: string[]) {
  return spawnSync("git", ["commit", "--allow-empty", ...args], {
    cwd,
    env: gitEnv,
    encoding: "utf8",
  });
}

describe("c4bot hook install", () => {
  beforeAll(() => {
    // The hook runs the built bin: `npm test` builds before vitest runs.
    if (!existsSync(builtCliPath))
      throw new Error(`run \`npm run build\` first: no ${builtCliPath}`);
  });

  it("installs an executable commit-msg hook that runs the built bin", async () => {
    const repo = initRepo();
    const result = await run(repo, ["hook", "install"]);
    expect(result.code).toBe(0);
    const hook = join(repo, ".git", "hooks", "commit-msg");
    expect(result.stdout).toContain(hook);
    const script = readFileSync(hook, "utf8");
    expect(script).toMatch(/^#!\/bin\/sh\n/);
    expect(script).toContain(hookMarker);
    expect(script).toContain(`'${builtCliPath}' check --message-file "$1"`);
    expect(statSync(hook).mode & 0o111).toBe(0o111);
  });

  it("makes git refuse a bad commit message and accept a good one", async () => {
    const repo = initRepo();
    commit(repo, good);
    expect((await run(repo, ["hook", "install"])).code).toBe(0);

    const refused = gitCommit(repo, "-m", bad);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('does not start with "Problem:"');
    expect(git(repo, "rev-list", "--count", "HEAD")).toBe("1");
    // The refused message is no commit: amending would rewrite the good one (issue 21).
    expect(refused.stdout + refused.stderr).toContain("Nothing was committed.");
    expect(refused.stdout + refused.stderr).not.toContain("--amend");
    expect(refused.stdout + refused.stderr).not.toContain("push");

    // git's editor template: comments and the scissors section are not the message.
    const accepted = gitCommit(
      repo,
      "--cleanup=scissors",
      "-m",
      `${good}\n# ------------------------ >8 ------------------------\nFix anything\n`,
    );
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stdout + accepted.stderr).toContain("A correct patch");
    expect(git(repo, "log", "-1", "--format=%s")).toBe("Problem: the socket leaks");
  });

  it("refuses to overwrite a hook it did not write, unless --force", async () => {
    const repo = initRepo();
    const hook = join(repo, ".git", "hooks", "commit-msg");
    writeFileSync(hook, "#!/bin/sh\nexit 0\n", { mode: 0o755 });

    const refused = await run(repo, ["hook", "install"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already exists and was not written by c4bot");
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\nexit 0\n");

    expect((await run(repo, ["hook", "install", "--force"])).code).toBe(0);
    expect(readFileSync(hook, "utf8")).toContain(hookMarker);
    // Its own hook is rewritten without --force.
    expect((await run(repo, ["hook", "install"])).code).toBe(0);
  });

  it("installs where core.hooksPath points", async () => {
    const repo = initRepo();
    git(repo, "config", "core.hooksPath", "githooks");
    mkdirSync(join(repo, "sub"));
    expect((await run(join(repo, "sub"), ["hook", "install"])).code).toBe(0);
    expect(readFileSync(join(repo, "githooks", "commit-msg"), "utf8")).toContain(hookMarker);
  });

  it("exits 2 on anything but install", async () => {
    const repo = initRepo();
    for (const argv of [["hook"], ["hook", "remove"], ["hook", "install", "--bogus"]]) {
      const result = await run(repo, argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toContain("Usage:");
    }
  });
});
