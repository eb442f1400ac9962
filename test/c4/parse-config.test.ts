import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultConfig } from "../../src/c4/config.ts";
import { type ConfigProblem, formatConfigProblem, parseConfig } from "../../src/c4/parse-config.ts";

function ok(text: string) {
  const result = parseConfig(text);
  if (!result.ok) throw new Error(`expected a config, got ${JSON.stringify(result.errors)}`);
  return result;
}

function errors(text: string) {
  const result = parseConfig(text);
  if (result.ok) throw new Error("expected errors, got a config");
  return result;
}

describe("parseConfig: defaults", () => {
  it.each([
    ["an empty file", ""],
    ["blank lines", "\n\n   \n"],
    ["comments only", "# c4bot settings\n# nothing yet\n"],
    ["an explicit null", "~\n"],
    ["an empty mapping", "{}\n"],
    ["empty sections", "merge:\nrules:\n"],
    ["a section whose lines are commented out", "rules:\n#  ci-green: warn\n"],
    ["rules with empty entries", "rules:\n  ci-green:\n  self-merge: {}\n"],
  ])("%s gives the defaults", (_name, text) => {
    expect(ok(text)).toEqual({ ok: true, config: defaultConfig, warnings: [] });
  });

  it("has the documented defaults", () => {
    expect(defaultConfig).toEqual({
      mode: "live",
      maintainerPermission: "write",
      merge: { method: "merge" },
      rules: {
        "problem-statement": { level: "warn", requireIssue: false },
        "commit-message": {
          level: "block",
          problemPrefix: "Problem:",
          solutionPrefix: "Solution:",
          caseSensitive: false,
          subjectLimit: 50,
          subjectLength: "warn",
          exempt: ['^Revert "'],
          exemptAuthors: [],
        },
        "self-contained": { level: "block" },
        "from-fork": { level: "block" },
        "target-branch": { level: "block" },
        "ci-green": { level: "block", principal: [], graceMinutes: 15 },
        "self-merge": { level: "block", quietHours: 48 },
        "no-value-judgement": { level: "warn" },
        "author-account": { level: "warn" },
        "foreign-code": { level: "warn" },
        "default-branch-green": { level: "block" },
        "public-contract": {
          level: "block",
          files: [],
          ignore: ["_VERSION_(MAJOR|MINOR|PATCH)$"],
          docs: ["doc/**", "docs/**", "**/*.md", "**/*.txt", "**/*.adoc"],
          label: "breaking-change",
        },
      },
      community: {
        welcome: { enabled: true, pullText: "", issueText: "" },
        triage: { enabled: true, label: "needs-problem" },
        followUp: { enabled: true },
        stale: {
          enabled: true,
          daysUntilStale: 365,
          daysUntilClose: 56,
          label: "stale",
          exemptLabels: ["pinned", "security"],
          dryRun: false,
        },
        processReports: { enabled: true, label: "c4-process" },
        maintainerSuggestions: { enabled: true, threshold: 5, label: "c4-maintainers" },
        inactiveMaintainers: { enabled: true, days: 180, label: "c4-inactive" },
        releaseNotes: { enabled: true },
        contractReport: {
          enabled: true,
          draftReleases: 3,
          deprecatedReleases: 2,
          label: "c4-contract",
        },
        requestBudget: 500,
      },
    });
  });
});

describe("parseConfig: every documented key", () => {
  it("reads a complete file", () => {
    const text = `
mode: dry-run
maintainerPermission: admin
merge:
  method: squash
rules:
  problem-statement:
    level: block
    requireIssue: true
  commit-message:
    level: block
    problemPrefix: "Issue:"
    solutionPrefix: "Fix:"
    caseSensitive: true
    subjectLimit: 72
    subjectLength: block
    exempt:
      - '^Revert "'
      - "^Regenerate "
    exemptAuthors: ["zproject-bot"]
  self-contained: off
  from-fork: warn
  target-branch:
    level: block
  ci-green:
    principal: [linux, "ci/jenkins"]
  self-merge:
    quietHours: 24
  no-value-judgement: block
  author-account: block
  foreign-code: off
  default-branch-green: warn
  public-contract:
    files:
      - { path: include/zmq.h, kind: c-header, draft: ZMQ_BUILD_DRAFT_API }
      - { path: "api/*.api", kind: zproject }
`;
    expect(ok(text)).toEqual({
      ok: true,
      warnings: [],
      config: {
        mode: "dry-run",
        maintainerPermission: "admin",
        merge: { method: "squash" },
        rules: {
          "problem-statement": { level: "block", requireIssue: true },
          "commit-message": {
            level: "block",
            problemPrefix: "Issue:",
            solutionPrefix: "Fix:",
            caseSensitive: true,
            subjectLimit: 72,
            subjectLength: "block",
            exempt: ['^Revert "', "^Regenerate "],
            exemptAuthors: ["zproject-bot"],
          },
          "self-contained": { level: "off" },
          "from-fork": { level: "warn" },
          "target-branch": { level: "block" },
          "ci-green": { level: "block", principal: ["linux", "ci/jenkins"], graceMinutes: 15 },
          "self-merge": { level: "block", quietHours: 24 },
          "no-value-judgement": { level: "block" },
          "author-account": { level: "block" },
          "foreign-code": { level: "off" },
          "default-branch-green": { level: "warn" },
          "public-contract": {
            ...defaultConfig.rules["public-contract"],
            files: [
              { path: "include/zmq.h", kind: "c-header", draft: "ZMQ_BUILD_DRAFT_API" },
              { path: "api/*.api", kind: "zproject" },
            ],
          },
        },
        community: defaultConfig.community,
      },
    });
  });

  it.each<[string, string, (config: typeof defaultConfig) => unknown, unknown]>([
    ["mode", "mode: dry-run", (c) => c.mode, "dry-run"],
    [
      "maintainerPermission",
      "maintainerPermission: maintain",
      (c) => c.maintainerPermission,
      "maintain",
    ],
    ["merge.method", "merge: {method: rebase}", (c) => c.merge.method, "rebase"],
    [
      "shorthand level",
      "rules: {ci-green: warn}",
      (c) => c.rules["ci-green"],
      { level: "warn", principal: [], graceMinutes: 15 },
    ],
    ["shorthand off", "rules: {from-fork: off}", (c) => c.rules["from-fork"].level, "off"],
    [
      "options keep the default level",
      "rules: {self-merge: {quietHours: 0}}",
      (c) => c.rules["self-merge"],
      { level: "block", quietHours: 0 },
    ],
    [
      "fractional quietHours",
      "rules: {self-merge: {quietHours: 1.5}}",
      (c) => c.rules["self-merge"].quietHours,
      1.5,
    ],
    [
      "subjectLength off",
      "rules: {commit-message: {subjectLength: off}}",
      (c) => c.rules["commit-message"].subjectLength,
      "off",
    ],
    [
      "an empty exempt list",
      "rules: {commit-message: {exempt: []}}",
      (c) => c.rules["commit-message"].exempt,
      [],
    ],
  ])("%s", (_name, text, pick, expected) => {
    expect(pick(ok(text).config)).toEqual(expected);
  });
});

describe("parseConfig: unknown keys warn, and the config still loads", () => {
  it.each<[string, string, Omit<ConfigProblem, "file">]>([
    [
      "a typo at the top",
      "mode: dry-run\nmaintainerPermision: admin\n",
      {
        path: "maintainerPermision",
        line: 2,
        column: 1,
        message: 'unknown key "maintainerPermision" (did you mean "maintainerPermission"?)',
      },
    ],
    [
      "a typo in a rule's name",
      "rules:\n  commit-mesage:\n    level: off\n",
      {
        path: "rules.commit-mesage",
        line: 2,
        column: 3,
        message: 'unknown key "commit-mesage" (did you mean "commit-message"?)',
      },
    ],
    [
      "a typo in a rule's option",
      "rules:\n  self-merge:\n    quietHour: 4\n",
      {
        path: "rules.self-merge.quietHour",
        line: 3,
        column: 5,
        message: 'unknown key "quietHour" (did you mean "quietHours"?)',
      },
    ],
    [
      "nothing close enough to suggest",
      "merge:\n  strategy: fast\n",
      { path: "merge.strategy", line: 2, column: 3, message: 'unknown key "strategy"' },
    ],
    [
      "a rule that does not exist",
      "rules:\n  signed-off: block\n",
      { path: "rules.signed-off", line: 2, column: 3, message: 'unknown key "signed-off"' },
    ],
  ])("%s", (_name, text, warning) => {
    const result = ok(text);
    expect(result.warnings).toEqual([{ file: ".github/c4.yml", ...warning }]);
  });

  it("keeps the known keys next to the unknown ones", () => {
    const result = ok(
      "mode: dry-run\nmood: happy\nrules:\n  ci-green: {level: warn, principle: [x]}\n",
    );
    expect(result.config.mode).toBe("dry-run");
    expect(result.config.rules["ci-green"]).toEqual({
      level: "warn",
      principal: [],
      graceMinutes: 15,
    });
    expect(result.warnings.map((w) => w.path)).toEqual(["mood", "rules.ci-green.principle"]);
  });
});

describe("parseConfig: errors", () => {
  // Line numbers are 1-based, as editors show them.
  const text = [
    "# c4bot", //                          1
    "mode: dryrun", //                     2
    "maintainerPermission: write", //      3
    "merge:", //                           4
    "  method: squash", //                 5
    "  strategy: fast", //                 6
    "rules:", //                           7
    "  ci-green:", //                      8
    "    level: warn", //                  9
    "    principal: linux", //             10
    "  commit-message:", //                11
    '    subjectLimit: "50"', //           12
    "    exempt:", //                      13
    "      - '^Revert \"'", //             14
    "      - '(unclosed'", //              15
    "  self-merge: maybe", //              16
    "  self-merg: warn", //                17
    "",
  ].join("\n");

  it("reports every problem with its key path, line and column", () => {
    const result = errors(text);
    // In file order, as a reader meets them.
    expect(result.errors).toEqual(
      [
        {
          path: "mode",
          line: 2,
          column: 7,
          message: 'expected one of "live", "dry-run"; got "dryrun"',
        },
        {
          path: "rules.ci-green.principal",
          line: 10,
          column: 16,
          message: 'expected a list; got "linux"',
        },
        {
          path: "rules.commit-message.subjectLimit",
          line: 12,
          column: 19,
          message: 'expected a number; got "50"',
        },
        {
          path: "rules.commit-message.exempt.1",
          line: 15,
          column: 9,
          message: 'not a valid regular expression; got "(unclosed"',
        },
        {
          path: "rules.self-merge.level",
          line: 16,
          column: 15,
          message: 'expected one of "block", "warn", "off"',
        },
      ].map((problem) => ({ file: ".github/c4.yml", ...problem })),
    );
    expect(result.warnings).toEqual([
      {
        file: ".github/c4.yml",
        path: "merge.strategy",
        line: 6,
        column: 3,
        message: 'unknown key "strategy"',
      },
      {
        file: ".github/c4.yml",
        path: "rules.self-merg",
        line: 17,
        column: 3,
        message: 'unknown key "self-merg" (did you mean "self-merge"?)',
      },
    ]);
  });

  it.each<[string, string, Omit<ConfigProblem, "file" | "message">, RegExp]>([
    [
      "not a mapping: a string",
      "hello\n",
      { path: "", line: 1, column: 1 },
      /^expected a mapping; got "hello"$/,
    ],
    [
      "not a mapping: a list",
      "- mode\n",
      { path: "", line: 1, column: 1 },
      /^expected a mapping; got \["mode"\]$/,
    ],
    [
      "rules as a list",
      "rules:\n  - ci-green\n",
      { path: "rules", line: 2, column: 3 },
      /^expected a mapping/,
    ],
    [
      "a rule as a number",
      "rules:\n  ci-green: 3\n",
      { path: "rules.ci-green", line: 2, column: 13 },
      /^expected a level \("block", "warn", "off"\) or a mapping of settings; got 3$/,
    ],
    [
      "a bad level",
      "rules:\n  ci-green:\n    level: strict\n",
      { path: "rules.ci-green.level", line: 3, column: 12 },
      /^expected one of "block", "warn", "off"; got "strict"$/,
    ],
    [
      "an empty value that is no section",
      "mode:\n",
      { path: "mode", line: 1, column: 6 },
      /^expected one of "live", "dry-run"; got null$/,
    ],
    [
      "a bad merge method",
      "merge:\n  method: fast-forward\n",
      { path: "merge.method", line: 2, column: 11 },
      /^expected one of "merge", "squash", "rebase"/,
    ],
    [
      "maintainerPermission read",
      "maintainerPermission: read\n",
      { path: "maintainerPermission", line: 1, column: 23 },
      /^expected one of "admin", "maintain", "write"; got "read"$/,
    ],
    [
      "a boolean as a string",
      'rules:\n  problem-statement: {requireIssue: "yes"}\n',
      { path: "rules.problem-statement.requireIssue", line: 2, column: 37 },
      /^expected true or false; got "yes"$/,
    ],
    [
      "negative quietHours",
      "rules:\n  self-merge:\n    quietHours: -1\n",
      { path: "rules.self-merge.quietHours", line: 3, column: 17 },
      /got -1$/,
    ],
    [
      "subjectLimit 0",
      "rules:\n  commit-message:\n    subjectLimit: 0\n",
      { path: "rules.commit-message.subjectLimit", line: 3, column: 19 },
      /got 0$/,
    ],
    [
      "subjectLimit 1.5",
      "rules:\n  commit-message:\n    subjectLimit: 1.5\n",
      { path: "rules.commit-message.subjectLimit", line: 3, column: 19 },
      /got 1.5$/,
    ],
    [
      "an empty prefix",
      "rules:\n  commit-message:\n    problemPrefix: ''\n",
      { path: "rules.commit-message.problemPrefix", line: 3, column: 20 },
      /got ""$/,
    ],
    [
      "an empty principal name",
      "rules:\n  ci-green:\n    principal: [linux, '']\n",
      { path: "rules.ci-green.principal.1", line: 3, column: 24 },
      /got ""$/,
    ],
    [
      "a bad regex",
      "rules:\n  commit-message:\n    exempt: ['[a-']\n",
      { path: "rules.commit-message.exempt.0", line: 3, column: 14 },
      /^not a valid regular expression; got "\[a-"$/,
    ],
    [
      "a regex invalid only in unicode mode",
      "rules:\n  commit-message:\n    exempt: ['\\q']\n",
      { path: "rules.commit-message.exempt.0", line: 3, column: 14 },
      /^not a valid regular expression/,
    ],
    [
      "YAML: an unclosed flow sequence",
      "rules:\n  ci-green: [warn\n",
      { path: "", line: 3, column: 1 },
      /^invalid YAML: Flow sequence/,
    ],
    [
      "YAML: a duplicate key",
      "mode: live\nmode: dry-run\n",
      { path: "", line: 2, column: 1 },
      /^invalid YAML: Map keys must be unique/,
    ],
    [
      "YAML: tabs as indentation",
      "rules:\n\tci-green: warn\n",
      { path: "", line: 2, column: 1 },
      /^invalid YAML: Tabs are not allowed/,
    ],
    [
      "YAML: two documents",
      "mode: live\n---\nmode: dry-run\n",
      { path: "", line: 2, column: 1 },
      /^invalid YAML: Source contains multiple documents/,
    ],
  ])("%s", (_name, yaml, where, message) => {
    const result = errors(yaml);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: ".github/c4.yml", ...where });
    expect(result.errors[0]?.message).toMatch(message);
  });

  it.each([
    ["an alias to an unknown anchor", "mode: live\nrules: *nowhere\n"],
    [
      "an alias bomb",
      [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      ].join("\n"),
    ],
  ])("reports %s as invalid YAML instead of throwing", (_name, yaml) => {
    const result = errors(yaml);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: ".github/c4.yml", path: "" });
    expect(result.errors[0]?.message).toMatch(/^invalid YAML: /);
  });

  it("names the file it was given", () => {
    const result = errors("mode: 1\n");
    expect(result.errors[0]?.file).toBe(".github/c4.yml");
    expect(parseConfig("mode: 1\n", "acme/.github:.github/c4.yml")).toMatchObject({
      ok: false,
      errors: [{ file: "acme/.github:.github/c4.yml", path: "mode", line: 1, column: 7 }],
    });
  });
});

describe("parseConfig: never throws", () => {
  // A small deterministic PRNG (mulberry32), so a failure can be replayed.
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const pieces = [
    "rules",
    "ci-green",
    "commit-message",
    "self-merge",
    "level",
    "mode",
    "merge",
    "method",
    "exempt",
    "principal",
    "quietHours",
    ":",
    ": ",
    "\n",
    "\n  ",
    "  ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'",
    '"',
    "#",
    "&a",
    "*a",
    "!!str",
    "!!set",
    "!!omap",
    "?",
    "|",
    ">",
    "%YAML 1.2",
    "---",
    "...",
    "~",
    "null",
    "true",
    "1e9",
    "-1",
    "0x1f",
    "\t",
    "\r\n",
    "é",
    "🎉",
    "(",
    "\\",
    "block",
    "warn",
    "off",
    "__proto__",
    "constructor",
  ] as const;
  const leaves = [null, true, false, 0, -1, 1.5, 1e21, "", "warn", "block", "(", [], {}] as const;
  const keys = [
    "mode",
    "rules",
    "merge",
    "method",
    "level",
    "ci-green",
    "commit-message",
    "self-merge",
    "exempt",
    "principal",
    "quietHours",
    "subjectLimit",
    "x",
    "__proto__",
  ] as const;
  function value(depth: number): unknown {
    if (depth > 3 || next() < 0.3) return pick(leaves);
    if (next() < 0.3) return Array.from({ length: Math.floor(next() * 3) }, () => value(depth + 1));
    return Object.fromEntries(
      Array.from({ length: Math.floor(next() * 4) }, () => [pick(keys), value(depth + 1)]),
    );
  }

  const strings = Array.from({ length: 300 }, () =>
    Array.from({ length: 1 + Math.floor(next() * 24) }, () => pick(pieces)).join(""),
  );
  const documents = Array.from({ length: 300 }, () => stringify(value(0)));

  it.each([
    ["random strings", strings],
    ["random objects as YAML", documents],
  ])("on %s", (_name, texts) => {
    for (const text of texts) {
      let result: ReturnType<typeof parseConfig> | undefined;
      expect(() => {
        result = parseConfig(text);
      }, JSON.stringify(text)).not.toThrow();
      // Whatever it says, it says it in the documented shape.
      if (result?.ok) expect(result.config.rules["ci-green"].level).toMatch(/^(block|warn|off)$/);
      else for (const problem of result?.errors ?? []) expect(problem.message).not.toBe("");
    }
  });
});

describe("formatConfigProblem", () => {
  it.each<[ConfigProblem, string]>([
    [
      {
        file: ".github/c4.yml",
        path: "mode",
        line: 2,
        column: 7,
        message: 'expected one of "live", "dry-run"',
      },
      '.github/c4.yml:2:7: mode: expected one of "live", "dry-run"',
    ],
    [
      { file: ".github/c4.yml", path: "", line: 3, column: 1, message: "invalid YAML: oops" },
      ".github/c4.yml:3:1: invalid YAML: oops",
    ],
    [
      { file: ".github/c4.yml", path: "", message: "invalid YAML: Unresolved alias" },
      ".github/c4.yml: invalid YAML: Unresolved alias",
    ],
    [
      { file: "c4.yml", path: "rules.x", message: 'unknown key "x"' },
      'c4.yml: rules.x: unknown key "x"',
    ],
  ])("formats %j", (problem, line) => {
    expect(formatConfigProblem(problem)).toBe(line);
  });
});
