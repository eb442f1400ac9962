import { describe, expect, it } from "vitest";
import { clauseUrl, SPEC_URL } from "../../src/c4/clause.ts";
import { evaluate } from "../../src/c4/evaluate.ts";
import { headline, renderMarkdown, renderText, toJsonReport } from "../../src/c4/render.ts";
import { type RuleResult, ruleIds, type Verdict } from "../../src/c4/result.ts";
import { check, commit, config, sha, snapshot } from "./fixtures.ts";

/** A rejected patch: a bad commit (not the newest), CI running, a warning, a skip. */
function busyVerdict(): Verdict {
  return evaluate(
    snapshot({
      title: "Problem: x | y <b>",
      body: "",
      closingIssues: [],
      commits: [
        commit({ sha: sha(1), message: "fix a <b>bug</b> & more" }),
        commit({ sha: sha(2), message: `Problem: ${"x".repeat(60)}\n\nSolution: y` }),
        commit({ sha: sha(3) }),
      ],
      checks: [check({ status: "in_progress", conclusion: null })],
    }),
    config({ rules: { "from-fork": "off" } }),
  );
}

const result = (overrides: Partial<RuleResult>): RuleResult => ({
  rule: "ci-green",
  clause: "2.3.6",
  outcome: "pass",
  message: "ok",
  blocking: false,
  ...overrides,
});

describe("clauseUrl", () => {
  it.each([
    ["2.3.7", `${SPEC_URL}#23-patch-requirements`],
    ["2.4.13", `${SPEC_URL}#24-development-process`],
    ["2.5.2", `${SPEC_URL}#25-branches-and-releases`],
    ["9.9", SPEC_URL],
  ])("%s", (clause, url) => {
    expect(clauseUrl(clause)).toBe(url);
  });
});

describe("headline", () => {
  it.each<[string, Verdict, string]>([
    [
      "merge",
      { decision: "merge", correct: true, results: [] },
      "A correct patch: it can be merged.",
    ],
    [
      "wait",
      {
        decision: "wait",
        correct: false,
        results: [
          result({ outcome: "pending", blocking: true }),
          result({ rule: "self-merge", outcome: "pending", blocking: true }),
          result({ rule: "from-fork", outcome: "pending", blocking: false }),
        ],
      },
      "Nothing fails; waiting for ci-green, self-merge.",
    ],
    [
      "reject, one rule",
      {
        decision: "reject",
        correct: false,
        results: [result({ outcome: "fail", blocking: true })],
      },
      "Not a correct patch yet: 1 rule to fix (ci-green).",
    ],
    [
      "reject, two rules; warnings not counted",
      {
        decision: "reject",
        correct: false,
        results: [
          result({ rule: "target-branch", outcome: "fail", blocking: true }),
          result({ outcome: "fail", blocking: true }),
          result({ rule: "self-contained", outcome: "warn", blocking: false }),
        ],
      },
      "Not a correct patch yet: 2 rules to fix (target-branch, ci-green).",
    ],
    [
      "a draft that would pass",
      { decision: "wait", correct: false, draft: true, results: [result({})] },
      "A draft: nothing would block it once it is marked ready.",
    ],
    [
      "a draft with what would hold it, failing or pending",
      {
        decision: "wait",
        correct: false,
        draft: true,
        results: [
          result({ rule: "commit-message", outcome: "fail", blocking: true }),
          result({ outcome: "pending", blocking: true }),
          result({ rule: "self-contained", outcome: "warn", blocking: false }),
        ],
      },
      "A draft: once it is marked ready, 2 rules would hold it (commit-message, ci-green).",
    ],
  ])("%s", (_name, verdict, line) => {
    expect(headline(verdict)).toBe(line);
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(busyVerdict());
  const rows = markdown
    .split("\n")
    .filter((line) => /^\| [^ -]/.test(line) && !line.startsWith("| | Rule"));

  it("starts with the headline in bold and a table header", () => {
    const lines = markdown.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "**Not a correct patch yet: 1 rule to fix (commit-message).**",
      "",
      "| | Rule | C4 | Result |",
      "| --- | --- | --- | --- |",
    ]);
  });

  it("has one table row per rule, in order, with its icon and clause link", () => {
    expect(rows).toHaveLength(ruleIds.length);
    expect(rows.map((row) => /`([a-z-]+)`/.exec(row)?.[1])).toEqual([...ruleIds]);
    expect(rows[1]).toMatch(
      /^\| ❌ \| `commit-message` \| \[2\.3\.7\]\(https:\/\/rfc\.zeromq\.org\/spec\/42\/#23-patch-requirements\) \| /,
    );
    expect(rows[3]).toBe(
      "| ➖ | `from-fork` | [2.4.7](https://rfc.zeromq.org/spec/42/#24-development-process) | Turned off in .github/c4.yml. |",
    );
    expect(rows[5]).toMatch(/^\| ⏳ \| `ci-green` \|/);
    expect(rows[6]).toMatch(/^\| ➖ \| `self-merge` \|/);
  });

  it("escapes | and < in a cell", () => {
    expect(rows[0]).toBe(
      '| ✅ | `problem-statement` | [2.3.2](https://rfc.zeromq.org/spec/42/#23-patch-requirements) | The pull request states its problem: "Problem: x \\| y &lt;b&gt;". |',
    );
  });

  it("turns newlines in a message into <br> so the row stays one row", () => {
    const md = renderMarkdown({
      decision: "merge",
      correct: true,
      results: [result({ message: "one\ntwo & <three>" })],
    });
    expect(md).toContain("| one<br>two &amp; &lt;three&gt; |");
  });

  it("gives fix blocks only for failing, warning and pending rules", () => {
    const fixes = [...markdown.matchAll(/^#### (\S+) How to fix `([a-z-]+)`$/gmu)].map((m) => [
      m[1],
      m[2],
    ]);
    // commit-message fails, ci-green has no fix while a check runs.
    expect(fixes).toEqual([["❌", "commit-message"]]);
    const withPassFix = renderMarkdown({
      decision: "wait",
      correct: false,
      results: [
        result({ rule: "target-branch", fix: "never shown" }),
        result({ rule: "self-contained", outcome: "skip", fix: "never shown either" }),
        result({ rule: "self-merge", outcome: "pending", blocking: true, fix: "wait for it" }),
        result({ rule: "no-value-judgement", outcome: "warn", fix: "a patch of your own" }),
      ],
    });
    expect(withPassFix).not.toContain("never shown");
    expect(withPassFix).toContain("#### ⏳ How to fix `self-merge`\n\n```text\nwait for it\n```");
    expect(withPassFix).toContain(
      "#### ⚠️ How to fix `no-value-judgement`\n\n```text\na patch of your own\n```",
    );
  });

  it("puts the fix text verbatim in a text block", () => {
    const fix = busyVerdict().results[1]?.fix ?? "";
    expect(fix).toContain("git rebase -i c410000~1");
    expect(markdown).toContain(
      `#### ❌ How to fix \`commit-message\`\n\n\`\`\`text\n${fix}\n\`\`\``,
    );
  });

  it("lists the flagged commits in a collapsible block, escaped", () => {
    expect(markdown).toContain(
      [
        "<details><summary><code>commit-message</code>: 2 commits to look at</summary>",
        "",
        "- ❌ `c410000` fix a &lt;b&gt;bug&lt;/b&gt; &amp; more",
        '  - the first line does not start with "Problem:"',
        '  - no line of the body starts with "Solution:"',
        `- ⚠️ \`c420000\` Problem: ${"x".repeat(60)}`,
        "  - the first line is 69 characters; it should be under 50",
        "",
        "</details>",
      ].join("\n"),
    );
    // The passing commit and the passing self-contained rule get no details.
    expect(markdown).not.toContain("c430000");
    expect(markdown.match(/<details>/g)).toHaveLength(1);
  });

  it("shows a correct patch as a table and nothing more", () => {
    const md = renderMarkdown(evaluate(snapshot(), config()));
    expect(md).not.toContain("How to fix");
    expect(md).not.toContain("<details>");
    expect(md.split("\n")).toHaveLength(4 + ruleIds.length);
  });
});

describe("renderText", () => {
  const verdict = busyVerdict();

  it("without colour: a line per rule, flagged commits, the fix, the headline", () => {
    const text = renderText(verdict, { color: false });
    expect(text).not.toContain("\u001b[");
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      '✓ problem-statement (C4 2.3.2) The pull request states its problem: "Problem: x | y <b>".',
    );
    expect(lines[1]).toBe(
      '✗ commit-message (C4 2.3.7) 1 of 3 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
    );
    expect(lines.slice(2, 7)).toEqual([
      "    ✗ c410000 fix a <b>bug</b> & more",
      '        - the first line does not start with "Problem:"',
      '        - no line of the body starts with "Solution:"',
      `    ! c420000 Problem: ${"x".repeat(60)}`,
      "        - the first line is 69 characters; it should be under 50",
    ]);
    expect(lines[7]).toBe("    fix: Write each message as:");
    // The fix's own 4-space indent under the 9-space "    fix: " column.
    expect(text).toMatch(/^ {13}git rebase -i c410000~1/m);
    expect(text).toContain("- from-fork (C4 2.4.7) Turned off in .github/c4.yml.");
    expect(text).toContain('… ci-green (C4 2.3.6) Waiting for check "build".');
    expect(lines.at(-2)).toBe("");
    expect(lines.at(-1)).toBe("Not a correct patch yet: 1 rule to fix (commit-message).");
    // No line ends in blanks (the fix's empty lines are trimmed).
    expect(lines.filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  it("with colour: ANSI codes around icons, names and the headline", () => {
    const text = renderText(verdict, { color: true });
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      '\u001b[32m✓\u001b[0m \u001b[1mproblem-statement\u001b[0m \u001b[90m(C4 2.3.2)\u001b[0m The pull request states its problem: "Problem: x | y <b>".',
    );
    expect(lines[2]).toBe("    \u001b[31m✗\u001b[0m c410000 fix a <b>bug</b> & more");
    expect(lines.at(-1)).toBe(
      "\u001b[31mNot a correct patch yet: 1 rule to fix (commit-message).\u001b[0m",
    );
    // Without the codes it is the plain text.
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g");
    expect(text.replace(ansi, "")).toBe(renderText(verdict, { color: false }));
  });

  it.each<[Verdict["decision"], string]>([
    ["merge", "\u001b[32m"],
    ["wait", "\u001b[33m"],
    ["reject", "\u001b[31m"],
  ])("colours the %s headline", (decision, code) => {
    const text = renderText(
      { decision, correct: decision === "merge", results: [] },
      { color: true },
    );
    expect(text.split("\n").at(-1)?.startsWith(code)).toBe(true);
  });
});

describe("toJsonReport", () => {
  const report = toJsonReport(busyVerdict());

  it("has exactly the documented keys", () => {
    expect(Object.keys(report)).toEqual(["correct", "decision", "results"]);
    expect(report).toMatchObject({ correct: false, decision: "reject" });
    for (const entry of report.results) {
      const commitLevel = ["commit-message", "self-contained", "author-account"].includes(
        entry.rule,
      );
      expect(Object.keys(entry)).toEqual(
        commitLevel
          ? ["rule", "clause", "outcome", "message", "commits"]
          : ["rule", "clause", "outcome", "message"],
      );
      for (const c of entry.commits ?? []) {
        expect(Object.keys(c)).toEqual(["sha", "outcome", "problems"]);
        expect(c.sha).toMatch(/^[0-9a-f]{40}$/);
        expect(c.problems.every((problem) => typeof problem === "string")).toBe(true);
      }
    }
  });

  it("keeps the full sha and each commit's problems", () => {
    expect(report.results[1]).toEqual({
      rule: "commit-message",
      clause: "2.3.7",
      outcome: "fail",
      message:
        '1 of 3 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
      commits: [
        {
          sha: sha(1),
          outcome: "fail",
          problems: [
            'the first line does not start with "Problem:"',
            'no line of the body starts with "Solution:"',
          ],
        },
        {
          sha: sha(2),
          outcome: "warn",
          problems: ["the first line is 69 characters; it should be under 50"],
        },
        { sha: sha(3), outcome: "pass", problems: [] },
      ],
    });
  });

  it("round-trips through JSON and leaves out fix, blocking and recheckAt", () => {
    const text = JSON.stringify(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text).not.toMatch(/"(fix|blocking|recheckAt|subject)"/);
  });

  it("says correct: true for a patch to merge", () => {
    expect(toJsonReport(evaluate(snapshot(), config()))).toMatchObject({
      correct: true,
      decision: "merge",
    });
  });
});

describe("renderText on hostile outside text (issue 21)", () => {
  it("prints no control character from a subject, a message or a problem", () => {
    const verdict = evaluate(
      snapshot({
        title: "Problem: x\u001b[2J",
        commits: [commit({ sha: sha(1), message: "fix\u001b[2J\u001b]0;pwned\u0007" })],
      }),
      config({ rules: { "from-fork": "off" } }),
    );
    for (const color of [false, true]) {
      const text = renderText(verdict, { color });
      const withoutColour = text.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g"), "");
      expect(hasControl(withoutColour)).toBe(false);
      expect(text).toContain("fix␛[2J␛]0;pwned␇");
    }
  });
});

/** Whether the text holds a control character other than a newline. */
function hasControl(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code < 0x20 && char !== "\n") || (code >= 0x7f && code <= 0x9f);
  });
}

describe("renderMarkdown on hostile outside text (issue 21)", () => {
  it("never lets a title or a subject render as a link, an image or HTML", () => {
    const md = renderMarkdown(
      evaluate(
        snapshot({
          title: "Problem: x ![p](https://tracker.example/p.png)",
          body: "",
          closingIssues: [],
          commits: [commit({ sha: sha(1), message: "[click](https://evil.example) <img src=x>" })],
        }),
        config({ rules: { "from-fork": "off" } }),
      ),
    );
    expect(md).toContain("!\\[p\\](https\\://tracker.example/p.png)");
    expect(md).toContain("\\[click\\](https\\://evil.example) &lt;img src=x&gt;");
    expect(md).not.toMatch(/[^\\]\]\(https:\/\/(tracker|evil)/);
    expect(md).not.toContain("<img");
  });
});
