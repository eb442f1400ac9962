import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { builtCliPath } from "../../src/cli/package-info.ts";
import { bad, commit, gitEnv, good, initRepo, removeTempDirs } from "./fixture.ts";

afterAll(removeTempDirs);

/** The bin exactly as users run it: a separate node process on dist/cli.js. */
function bin(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [builtCliPath, ...args], {
    cwd,
    env: { ...gitEnv, NO_COLOR: "" },
    encoding: "utf8",
  });
}

describe("the built bin (dist/cli.js)", () => {
  it("exists with a portable node shebang", () => {
    expect(existsSync(builtCliPath)).toBe(true);
    // Not `env -S node FLAGS`: BusyBox's env (Alpine) has no -S (gc-tuning.ts).
    expect(readFileSync(builtCliPath, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it("sets the exit code from the verdict", () => {
    const repo = initRepo();
    commit(repo, good);
    const correct = bin(repo, "check", "HEAD", "--format", "json");
    expect(correct.status).toBe(0);
    expect(JSON.parse(correct.stdout)).toMatchObject({ correct: true, decision: "merge" });

    commit(repo, bad);
    const wrong = bin(repo, "check", "HEAD");
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain("Not a correct patch yet");
  });

  it("prints its version, its help, and exits 2 on an unknown command", () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(bin(".", "--version").stdout).toBe(`c4bot ${version}\n`);
    const help = bin(".", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("check");
    const unknown = bin(".", "frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});

describe("the bin's output guard (issue 21)", () => {
  it("neutralises control characters that reach stderr from the input", () => {
    const repo = initRepo();
    const result = bin(repo, "check", "--message-file", "no-such\u001b[2J");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("no-such␛[2J");
    expect(result.stderr).not.toContain("\u001b");
  });
});
