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

  it("names each lazily loaded command as its module does", async () => {
    for (const command of commands) {
      const usage = command.loadUsage ? await command.loadUsage() : command.usage;
      expect(usage, command.name).toContain(`c4bot ${command.name}`);
    }
    const modules = {
      serve: (await import("../../src/cli/serve.ts")).serveCommand,
      worker: (await import("../../src/cli/worker.ts")).workerCommand,
      keygen: (await import("../../src/cli/keygen.ts")).keygenCommand,
      check: (await import("../../src/cli/check.ts")).checkCommand,
      contract: (await import("../../src/cli/contract.ts")).contractCommand,
      hook: (await import("../../src/cli/hook.ts")).hookCommand,
      action: (await import("../../src/cli/action.ts")).actionCommand,
      "release-notes": (await import("../../src/cli/release-notes.ts")).releaseNotesCommand,
      report: (await import("../../src/cli/report.ts")).reportCommand,
    };
    for (const [name, loaded] of Object.entries(modules)) {
      const listed = commands.find((command) => command.name === name);
      expect({ name: listed?.name, summary: listed?.summary }).toEqual({
        name: loaded.name,
        summary: loaded.summary,
      });
    }
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
