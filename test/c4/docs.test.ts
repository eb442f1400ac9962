import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/c4/config.ts";
import { resolveConfig } from "../../src/c4/extend-config.ts";
import { formatConfigProblem, parseConfig } from "../../src/c4/parse-config.ts";
import { type RuleId, ruleIds } from "../../src/c4/result.ts";
import { rules } from "../../src/c4/rules/index.ts";
import { rfc42Clauses } from "./fixtures/rfc42-clauses.ts";

/** The docs promise what the code does: their examples are run here. */
const read = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), "utf8");
const blocks = (markdown: string, lang: string) =>
  [...markdown.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, "gm"))].map(
    (match) => match[1] ?? "",
  );

describe("docs/configuration.md", () => {
  const doc = read("configuration.md");
  const yaml = blocks(doc, "yaml");
  const text = blocks(doc, "text");

  it("has a complete example that loads cleanly and differs from the defaults only where it says", () => {
    const example = yaml.find((block) => block.startsWith("# .github/c4.yml"));
    const result = parseConfig(example ?? "");
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    const { exempt } = result.config.rules["commit-message"];
    expect(exempt).toEqual(['^Revert "', "^Regenerate "]);
    expect({
      ...result.config,
      rules: {
        ...result.config.rules,
        "commit-message": { ...result.config.rules["commit-message"], exempt: ['^Revert "'] },
      },
    }).toEqual(defaultConfig);
  });

  it("extends the organisation's file as its _extends example says", () => {
    const org = yaml.find((block) => block.startsWith("# zeromq/.github: .github/c4.yml"));
    const repo = yaml.find((block) => block.startsWith("# zeromq/czmq: .github/c4.yml"));
    const result = resolveConfig({ repoText: repo ?? null, orgText: org ?? null, owner: "zeromq" });
    expect(result).toMatchObject({ ok: true, warnings: [] });
    if (!result.ok) return;
    expect(result.config.rules["ci-green"]).toMatchObject({
      level: "warn",
      principal: ["linux", "macos"],
    });
    expect(result.config.rules["commit-message"].subjectLimit).toBe(72);
  });

  it("shows the errors and warnings its bad example really gives", () => {
    const bad = yaml.find((block) => block.startsWith("mode: dryrun"));
    const result = parseConfig(bad ?? "");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(text).toContain(`${result.errors.map(formatConfigProblem).join("\n")}\n`);
    expect(text).toContain(`${result.warnings.map(formatConfigProblem).join("\n")}\n`);
  });

  it("documents every key of the schema", () => {
    const keys = [
      "mode",
      "maintainerPermission",
      "merge.method",
      ...Object.entries(defaultConfig.rules).flatMap(([id, settings]) =>
        Object.keys(settings)
          .filter((key) => key !== "level")
          .map((key) => `rules.${id}.${key}`),
      ),
    ];
    for (const key of keys) expect(doc).toContain(`\`${key}\``);
  });
});

describe("docs/rules.md", () => {
  const doc = read("rules.md");
  it.each(ruleIds)("has a section for %s", (id) => {
    expect(doc).toContain(`## \`${id}\``);
    expect(doc).toContain(`\`rules.${id}.level\``);
  });
});

describe("docs/rules.md: C4, clause by clause", () => {
  const doc = read("rules.md");
  const section = doc.slice(doc.indexOf("## C4, clause by clause"));
  const rows = [
    ...section.matchAll(/^\| (2\.[3-7]\.\d+) \|([^|]+)\|([^|]+)\|([^|]*)\|([^|]+)\|$/gm),
  ].map(([, clause = "", keyword = "", action = "", rule = ""]) => ({
    clause,
    keyword: keyword.trim(),
    action: action.trim(),
    rules: [...rule.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? ""),
  }));
  const byClause = new Map(rows.map((row) => [row.clause, row]));

  it("lists every clause of RFC 42's sections 2.3 to 2.7, once, in order", () => {
    const clauses = Object.keys(rfc42Clauses).filter((clause) => /^2\.[3-7]\./.test(clause));
    expect(rows.map((row) => row.clause)).toEqual(clauses);
  });

  it("says for each clause one of block, warn, act, report or human judgement, and its keyword", () => {
    for (const row of rows) {
      expect(row.action).toMatch(/^(block|warn|act|report|human judgement)(, (block|warn))?$/);
      for (const keyword of row.keyword.split(" / ").filter((k) => k !== "definition")) {
        expect(rfc42Clauses[row.clause], row.clause).toContain(keyword);
      }
    }
  });

  it("names only rule ids that exist", () => {
    for (const id of rows.flatMap((row) => row.rules)) {
      expect(ruleIds.includes(id as RuleId), id).toBe(true);
    }
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))(
    "names %s under its clause with its default level",
    (id, rule) => {
      const row = byClause.get(rule.clause);
      expect(row?.rules).toContain(id);
      expect(row?.action).toContain(defaultConfig.rules[id].level);
    },
  );
});
