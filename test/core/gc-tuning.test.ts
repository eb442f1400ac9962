import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CORE_NODE_FLAGS } from "../../src/core/gc-tuning.ts";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

describe("the core's Node flags", () => {
  it("are where every core process starts: the npm scripts", () => {
    const flags = CORE_NODE_FLAGS.join(" ");
    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    expect(scripts.start).toBe(`node ${flags} dist/cli.js serve`);
    expect(scripts.sandbox).toBe(`node ${flags} dist/cli.js sandbox`);
  });

  it("start the young generation at 16 MB (1 MB without them)", () => {
    const newSpace = (flags: readonly string[]) =>
      Number(
        execFileSync(process.execPath, [
          ...flags,
          "-e",
          'process.stdout.write(String(require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size))',
        ]).toString(),
      );
    expect(newSpace(CORE_NODE_FLAGS)).toBe(16 * 1024 * 1024);
    expect(newSpace([])).toBeLessThan(16 * 1024 * 1024);
  });
});
