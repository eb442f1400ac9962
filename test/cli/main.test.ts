import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/main.ts";
import { run } from "./fixture.ts";

describe("main", () => {
  it("lists every command in --help, help, and on stderr with no command", async () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const result = await run(".", argv);
      expect(result.code).toBe(0);
      for (const command of commands) expect(result.stdout).toContain(command.name);
    }
    const none = await run(".", []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: c4bot <command>");
  });

  it("shows one command's usage with help NAME or NAME --help", async () => {
    for (const name of ["check", "hook", "bench"]) {
      const viaHelp = await run(".", ["help", name]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain(`c4bot ${name}`);
      expect((await run(".", [name, "--help"])).stdout).toBe(viaHelp.stdout);
    }
    expect((await run(".", ["help", "nope"])).code).toBe(2);
  });

  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    for (const argv of [["--version"], ["version"]]) {
      expect(await run(".", argv)).toEqual({ code: 0, stdout: `c4bot ${version}\n`, stderr: "" });
    }
  });

  it("exits 2 with the overview on an unknown command", async () => {
    const result = await run(".", ["chek"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "chek"');
    expect(result.stderr).toContain("Commands:");
  });
});
