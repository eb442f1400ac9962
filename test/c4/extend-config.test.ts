import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/c4/config.ts";
import { resolveConfig } from "../../src/c4/extend-config.ts";
import { formatConfigProblem } from "../../src/c4/parse-config.ts";

const org = [
  "mode: dry-run",
  "merge:",
  "  method: squash",
  "rules:",
  "  ci-green:",
  "    level: warn",
  "    principal: [linux, macos]",
  "  commit-message:",
  "    subjectLimit: 72",
  "",
].join("\n");

const resolve = (repoText: string | null, orgText: string | null) =>
  resolveConfig({ repoText, orgText, owner: "zeromq" });

describe("resolveConfig", () => {
  it("uses the defaults without either file", () => {
    expect(resolve(null, null)).toEqual({
      ok: true,
      config: defaultConfig,
      source: "defaults",
      warnings: [],
    });
  });

  it("uses the organisation's file when the repository has none", () => {
    const result = resolve(null, org);
    expect(result.source).toBe("zeromq/.github: .github/c4.yml");
    expect(result.ok && result.config.mode).toBe("dry-run");
  });

  it("lets a repository file without _extends replace the organisation's", () => {
    const result = resolve("rules:\n  ci-green: block\n", org);
    expect(result.source).toBe(".github/c4.yml");
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.mode).toBe("live");
    expect(result.config.rules["ci-green"].principal).toEqual([]);
    expect(result.config.rules["commit-message"].subjectLimit).toBe(
      defaultConfig.rules["commit-message"].subjectLimit,
    );
  });

  it("lays a file with _extends: .github over the organisation's, key by key", () => {
    const result = resolve(
      ["_extends: .github", "mode: live", "rules:", "  ci-green: block", ""].join("\n"),
      org,
    );
    expect(result.source).toBe(".github/c4.yml extending zeromq/.github: .github/c4.yml");
    if (!result.ok) throw new Error("expected a valid config");
    // Set by the repository:
    expect(result.config.mode).toBe("live");
    expect(result.config.rules["ci-green"].level).toBe("block");
    // Kept from the organisation, beside the repository's level for the same rule:
    expect(result.config.rules["ci-green"].principal).toEqual(["linux", "macos"]);
    expect(result.config.rules["commit-message"].subjectLimit).toBe(72);
    expect(result.config.merge.method).toBe("squash");
    // Set by neither:
    expect(result.config.rules["self-merge"]).toEqual(defaultConfig.rules["self-merge"]);
  });

  it("replaces a list rather than joining it", () => {
    const result = resolve(
      "_extends: .github\nrules:\n  ci-green:\n    principal: [windows]\n",
      org,
    );
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.rules["ci-green"].principal).toEqual(["windows"]);
    expect(result.config.rules["ci-green"].level).toBe("warn");
  });

  it("keeps the organisation's settings of a rule the repository leaves empty", () => {
    const result = resolve("_extends: .github\nrules:\n  ci-green:\n", org);
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.rules["ci-green"]).toMatchObject({
      level: "warn",
      principal: ["linux", "macos"],
    });
  });

  it("warns, and applies the repository's file alone, when there is nothing to extend", () => {
    const result = resolve("_extends: .github\nmode: dry-run\n", null);
    expect(result.source).toBe(".github/c4.yml");
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.mode).toBe("dry-run");
    expect(result.warnings.map(formatConfigProblem)).toEqual([
      ".github/c4.yml: _extends: zeromq/.github has no .github/c4.yml to extend: this file's settings apply alone",
    ]);
  });

  it("refuses an _extends other than .github, pointing at it", () => {
    const result = resolve("mode: live\n_extends: zeromq/shared\n", org);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatConfigProblem)).toEqual([
      '.github/c4.yml:2:11: _extends: expected one of ".github"; got "zeromq/shared"',
    ]);
  });

  it("reports an invalid organisation file in that file, and checks nothing", () => {
    const result = resolve("_extends: .github\n", "rules:\n  ci-green: sometimes\n");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.source).toBe(".github/c4.yml extending zeromq/.github: .github/c4.yml");
    expect(result.errors.map(formatConfigProblem)[0]).toMatch(
      /^zeromq\/\.github: \.github\/c4\.yml:2:13: rules\.ci-green\.level: expected one of/,
    );
  });

  it("reports an invalid repository file in that file, whatever it extends", () => {
    const result = resolve("_extends: .github\nmode: wet\n", org);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatConfigProblem)).toEqual([
      '.github/c4.yml:2:7: mode: expected one of "live", "dry-run"; got "wet"',
    ]);
  });

  it("keeps the warnings of both files", () => {
    const result = resolve("_extends: .github\nmoed: live\n", "merge:\n  methd: squash\n");
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.warnings.map((warning) => `${warning.file} ${warning.path}`)).toEqual([
      "zeromq/.github: .github/c4.yml merge.methd",
      ".github/c4.yml moed",
    ]);
  });

  it("ignores an _extends in the organisation's own file", () => {
    const result = resolve("_extends: .github\n", `_extends: .github\n${org}`);
    if (!result.ok) throw new Error("expected a valid config");
    expect(result.config.mode).toBe("dry-run");
    expect(result.config._extends).toBeUndefined();
  });
});
