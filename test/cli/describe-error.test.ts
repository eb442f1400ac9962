import { describe, expect, it } from "vitest";
import { describeError } from "../../src/cli/describe-error.ts";
import { run, tempDir } from "./fixture.ts";

describe("describeError (issue 21)", () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'cpu')\nmore");

  it("gives one line of reason and no stack trace by default", () => {
    const text = describeError("bench", bug, false);
    expect(text.split("\n")[0]).toBe(
      "c4bot bench: Cannot read properties of undefined (reading 'cpu')",
    );
    expect(text).toContain("--debug");
    expect(text).not.toMatch(/^\s+at /m);
  });

  it("adds the stack trace when debugging", () => {
    expect(describeError("bench", bug, true)).toMatch(/^\s+at /m);
  });

  it("names a taken address and the flag that picks another", () => {
    const taken = Object.assign(new Error("listen EADDRINUSE"), {
      code: "EADDRINUSE",
      address: "127.0.0.1",
      port: 3000,
    });
    const text = describeError("sandbox", taken, false);
    expect(text).toContain("c4bot sandbox: 127.0.0.1:3000 is already in use (EADDRINUSE)");
    expect(text).toContain("--port N");
    expect(describeError("serve", taken, false)).toContain("set PORT");
  });
});

describe("c4bot bench report on a broken report (issue 21)", () => {
  it("exits 2 naming the missing field, with no stack trace", async () => {
    const { writeFileSync } = await import("node:fs");
    const dir = tempDir();
    writeFileSync(`${dir}/r.json`, JSON.stringify({ version: 1, metrics: [] }));
    const result = await run(dir, ["bench", "report", "r.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("environment: ");
    expect(result.stderr).toContain("c4bot bench run --out FILE.json");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
