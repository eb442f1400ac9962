import { describe, expect, it } from "vitest";
import type { C4ConfigInput } from "../../../src/c4/config.ts";
import { commitMessage } from "../../../src/c4/rules/commit-message.ts";
import type { Commit } from "../../../src/c4/snapshot.ts";
import { commit, config, sha, snapshot } from "../fixtures.ts";

type Options = Exclude<
  NonNullable<NonNullable<C4ConfigInput>["rules"]>["commit-message"],
  string | undefined
>;

function run(commits: Commit[], options: Options = {}) {
  return commitMessage.evaluate(
    snapshot({ commits }),
    config({ rules: { "commit-message": options } }),
  );
}

const NO_PROBLEM = 'the first line does not start with "Problem:"';
const NO_BLANK = "the first line is not followed by a blank line";
const NO_SOLUTION = 'no line of the body starts with "Solution:"';
const EMPTY_SOLUTION = '"Solution:" is followed by no solution';
const BODY = "\n\nSolution: do the thing";
const subjectOf = (length: number) => `Problem: ${"x".repeat(length - 9)}`;
const tooLong = (length: number, limit = 50) =>
  `the first line is ${length} characters; it should be under ${limit}`;

describe("commit-message: one commit", () => {
  it.each<[string, string, Options, "pass" | "fail" | "warn" | "skip", string[]]>([
    ["the C4 form", `Problem: x is broken${BODY}`, {}, "pass", []],
    ["lowercase problem: by default", `problem: x is broken${BODY}`, {}, "pass", []],
    ["lowercase solution: by default", "Problem: x\n\nsolution: y", {}, "pass", []],
    [
      "lowercase problem: with caseSensitive",
      `problem: x is broken${BODY}`,
      { caseSensitive: true },
      "fail",
      [NO_PROBLEM],
    ],
    [
      "Solution: after a blank paragraph",
      "Problem: x\n\nSome context first.\nMore of it.\n\nSolution: y",
      {},
      "pass",
      [],
    ],
    ["Solution: indented", "Problem: x\n\n    Solution: y", {}, "pass", []],
    [
      "Solution: on its own line, text below",
      "Problem: x\n\nSolution:\nretry the poll",
      {},
      "pass",
      [],
    ],
    ["missing blank line", "Problem: x\nSolution: y", {}, "fail", [NO_BLANK]],
    ["subject only", "Problem: x is broken", {}, "fail", [NO_SOLUTION]],
    [
      "Problem: with nothing after it",
      `Problem:${BODY}`,
      {},
      "fail",
      ['the first line says "Problem:" but states no problem'],
    ],
    [
      "Problem: with only blanks after it",
      `Problem:   ${BODY}`,
      {},
      "fail",
      ['the first line says "Problem:" but states no problem'],
    ],
    ["Solution: with nothing after it", "Problem: x\n\nSolution:", {}, "fail", [EMPTY_SOLUTION]],
    [
      "Solution: with only a trailer after it",
      "Problem: x\n\nSolution:\n\nSigned-off-by: Alice <alice@example.com>",
      {},
      "fail",
      [EMPTY_SOLUTION],
    ],
    ["no Problem: and no Solution:", "Fix the poll loop", {}, "fail", [NO_PROBLEM, NO_SOLUTION]],
    ["empty message", "", {}, "fail", ["the message is empty"]],
    ["whitespace-only message", "  \n\t\n   \n", {}, "fail", ["the message is empty"]],
    ["CRLF line endings", "Problem: x\r\n\r\nSolution: y\r\n", {}, "pass", []],
    ["CR line endings", "Problem: x\r\rSolution: y", {}, "pass", []],
    ["CRLF without the blank line", "Problem: x\r\nSolution: y", {}, "fail", [NO_BLANK]],
    ["trailing whitespace on every line", "Problem: x   \n  \t\nSolution: y  \n\n", {}, "pass", []],
    [
      "trailers after the Solution",
      "Problem: x\n\nSolution: y\n\nSigned-off-by: Alice <alice@example.com>\nCo-authored-by: Bob <bob@example.com>",
      {},
      "pass",
      [],
    ],
    [
      "only a trailer in the body",
      "Problem: x\n\nSigned-off-by: Alice <alice@example.com>",
      {},
      "fail",
      [NO_SOLUTION],
    ],
    ["Solution: in the subject only", "Problem: x Solution: y", {}, "fail", [NO_SOLUTION]],
    [
      "revert commit (GitHub's button)",
      'Revert "Problem: x"\n\nThis reverts commit abc.',
      {},
      "skip",
      [],
    ],
    [
      "revert commit with exempt emptied",
      'Revert "Problem: x"\n\nThis reverts commit abc.',
      { exempt: [] },
      "fail",
      [NO_PROBLEM, NO_SOLUTION],
    ],
    [
      "custom exempt pattern",
      "Regenerate the project files with zproject",
      { exempt: ["^Regenerate ", "^Add licence grant"] },
      "skip",
      [],
    ],
    [
      "custom prefixes",
      "Issue: x\n\nFix: y",
      { problemPrefix: "Issue:", solutionPrefix: "Fix:" },
      "pass",
      [],
    ],
    [
      "default prefixes under custom ones",
      `Problem: x${BODY}`,
      { problemPrefix: "Issue:", solutionPrefix: "Fix:" },
      "fail",
      ['the first line does not start with "Issue:"', 'no line of the body starts with "Fix:"'],
    ],
    ["49 characters", subjectOf(49) + BODY, {}, "pass", []],
    ["50 characters (C4: under 50)", subjectOf(50) + BODY, {}, "warn", [tooLong(50)]],
    ["200 characters", subjectOf(200) + BODY, {}, "warn", [tooLong(200)]],
    [
      "200 characters, subjectLength: block",
      subjectOf(200) + BODY,
      { subjectLength: "block" },
      "fail",
      [tooLong(200)],
    ],
    [
      "200 characters, subjectLength: off",
      subjectOf(200) + BODY,
      { subjectLength: "off" },
      "pass",
      [],
    ],
    ["72 characters, subjectLimit: 73", subjectOf(72) + BODY, { subjectLimit: 73 }, "pass", []],
    [
      "73 characters, subjectLimit: 73",
      subjectOf(73) + BODY,
      { subjectLimit: 73 },
      "warn",
      [tooLong(73, 73)],
    ],
    ["long and malformed", subjectOf(60), {}, "fail", [tooLong(60), NO_SOLUTION]],
    // 9 + 40 = 49 characters however many UTF-16 units or code points they take.
    ["49 with emoji", `Problem: ${"🎉".repeat(40)}${BODY}`, {}, "pass", []],
    ["49 with accents", `Problem: ${"é".repeat(40)}${BODY}`, {}, "pass", []],
    ["49 with decomposed accents", `Problem: ${"e\u0301".repeat(40)}${BODY}`, {}, "pass", []],
    ["49 with family emoji (ZWJ)", `Problem: ${"👨‍👩‍👧".repeat(40)}${BODY}`, {}, "pass", []],
    ["50 with emoji", `Problem: ${"🎉".repeat(41)}${BODY}`, {}, "warn", [tooLong(50)]],
  ])("%s", (_name, message, options, outcome, problems) => {
    const result = run([commit({ message })], options);
    expect(result.commits).toHaveLength(1);
    expect(result.commits?.[0]).toMatchObject({ sha: sha(1), outcome, problems });
    const ruleOutcome = outcome === "skip" ? "pass" : outcome;
    expect(result.outcome).toBe(ruleOutcome);
    if (ruleOutcome === "pass") expect(result.fix).toBeUndefined();
    else expect(result.fix).toContain("git commit --amend");
  });

  it("keeps the first line as the commit's subject", () => {
    const result = run([commit({ message: "\n\nProblem: x  \r\n\r\nSolution: y" })]);
    expect(result.commits?.[0]?.subject).toBe("Problem: x");
  });

  it("skips merge commits and leaves them to self-contained", () => {
    const result = run([commit({ message: "Merge branch 'master' into fix", parents: 2 })]);
    expect(result.outcome).toBe("pass");
    expect(result.message).toBe("No commit needed checking.");
    expect(result.commits?.[0]).toMatchObject({
      outcome: "skip",
      problems: ["a merge commit (see self-contained)"],
    });
  });

  it("passes a pull request with no commits", () => {
    const result = run([]);
    expect(result).toMatchObject({ outcome: "pass", commits: [] });
  });
});

describe("commit-message: several commits and the fix", () => {
  const good = (n: number) => commit({ sha: sha(n), message: `Problem: p${n}${BODY}` });
  const bad = (n: number) => commit({ sha: sha(n), message: `fix number ${n}` });
  const long = (n: number) => commit({ sha: sha(n), message: subjectOf(60) + BODY });

  it.each<[string, Commit[], "pass" | "fail" | "warn", string[], string, RegExp]>([
    [
      "all good",
      [good(1), good(2)],
      "pass",
      ["pass", "pass"],
      "All 2 commits state the problem and the solution.",
      /^$/,
    ],
    [
      "only the newest is bad: amend",
      [good(1), bad(2)],
      "fail",
      ["pass", "fail"],
      '1 of 2 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
      /^ {4}git commit --amend$/m,
    ],
    [
      "an older one is bad: rebase from it",
      [good(1), bad(2), good(3)],
      "fail",
      ["pass", "fail", "pass"],
      '1 of 3 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
      /^ {4}git rebase -i c420000~1 {3}# mark that commit "reword"$/m,
    ],
    [
      "several bad: rebase from the oldest bad",
      [good(1), bad(2), bad(3)],
      "fail",
      ["pass", "fail", "fail"],
      '2 of 3 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
      /^ {4}git rebase -i c420000~1 {3}# mark those commits "reword"$/m,
    ],
    [
      "one long subject, not the newest: warn with rebase",
      [long(1), good(2)],
      "warn",
      ["warn", "pass"],
      "1 commit has a first line of 50 characters or more; C4 asks for a short line.",
      /^ {4}git rebase -i c410000~1/m,
    ],
    [
      "two long subjects",
      [long(1), long(2)],
      "warn",
      ["warn", "warn"],
      "2 commits have a first line of 50 characters or more; C4 asks for a short line.",
      /git rebase -i c410000~1/,
    ],
    [
      "a failure outranks a warning, and the fix is about the failing one",
      [long(1), bad(2)],
      "fail",
      ["warn", "fail"],
      '1 of 2 commits do not have C4\'s "Problem: ..." / blank line / "Solution: ..." form.',
      /^ {4}git commit --amend$/m,
    ],
  ])("%s", (_name, commits, outcome, perCommit, message, fix) => {
    const result = run(commits);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    expect(result.commits?.map((c) => c.outcome)).toEqual(perCommit);
    expect(result.fix ?? "").toMatch(fix);
  });

  it("writes the single-commit failure message and the template in the fix", () => {
    const result = run([bad(1)], { problemPrefix: "Issue:", subjectLimit: 60 });
    expect(result.message).toBe(
      'The commit message does not have C4\'s "Issue: ..." / blank line / "Solution: ..." form.',
    );
    expect(result.fix).toBe(
      [
        "Write each message as:",
        "",
        "Issue: <the problem, in under 60 characters>",
        "",
        "Solution: <what this commit does about it>",
        "",
        "Then reword and push:",
        "    git commit --amend",
        "    git push --force-with-lease",
      ].join("\n"),
    );
  });

  it("does not count merge or exempt commits among the checked ones", () => {
    const merge = commit({ sha: sha(2), message: "Merge x", parents: 2 });
    const revert = commit({ sha: sha(3), message: 'Revert "Problem: a"' });
    const result = run([bad(1), merge, revert]);
    expect(result.message).toBe(
      'The commit message does not have C4\'s "Problem: ..." / blank line / "Solution: ..." form. 1 commit exempt (first line matches `^Revert "`).',
    );
    expect(result.commits?.map((c) => c.outcome)).toEqual(["fail", "skip", "skip"]);
    // The bad commit is not the newest, so amending would reword the wrong one.
    expect(result.fix).toContain("git rebase -i c410000~1");
  });
});

describe("commit-message: tolerance, hints and exemptions", () => {
  it.each<[string, string, string[]]>([
    [
      "a space before the colon",
      "Problem : x\n\nSolution : y",
      ['"Problem :" read as "Problem:"', '"Solution :" read as "Solution:"'],
    ],
    ["a leading space", " Problem: x\n\nSolution: y", ['" Problem:" read as "Problem:"']],
    [
      "a plural",
      "Problems: x and y\n\nSolutions: z",
      ['"Problems:" read as "Problem:"', '"Solutions:" read as "Solution:"'],
    ],
    ["upper case", "PROBLEM: x\n\nSOLUTION: y", []],
  ])("passes %s, with a note", (_name, message, notes) => {
    const result = run([commit({ message })]);
    expect(result.outcome).toBe("pass");
    expect(result.commits?.[0]).toMatchObject({ outcome: "pass", problems: [] });
    expect(result.commits?.[0]?.notes ?? []).toEqual(notes);
    if (notes.length > 0)
      expect(result.message).toContain(`Read with tolerance: ${notes.join("; ")}.`);
  });

  it("is strict about case and spacing with caseSensitive", () => {
    const result = run([commit({ message: "PROBLEM : x\n\nSolution: y" })], {
      caseSensitive: true,
    });
    expect(result.commits?.[0]).toMatchObject({ outcome: "fail", problems: [NO_PROBLEM] });
  });

  const hint = (problem: string, prefix: string, typed: string) =>
    `${problem} (did you mean "${prefix}"? it says "${typed}:")`;
  it.each<[string, string, string]>([
    ["Probelm:", "Probelm: x\n\nSolution: y", hint(NO_PROBLEM, "Problem:", "Probelm")],
    ["Problme :", "Problme : x\n\nSolution: y", hint(NO_PROBLEM, "Problem:", "Problme")],
    ["Soltion:", "Problem: x\n\nSoltion: y", hint(NO_SOLUTION, "Solution:", "Soltion")],
    ["Sollution:", "Problem: x\n\nSollution: y", hint(NO_SOLUTION, "Solution:", "Sollution")],
  ])("hints at %s", (_name, message, problem) => {
    const result = run([commit({ message })]);
    expect(result.commits?.[0]?.problems).toContain(problem);
  });

  it.each(["Fix: x\n\nSolution: y", "Problem: x\n\nSigned-off-by: a <a@b>"])(
    "gives no hint for a different word (%s)",
    (message) => {
      const problems = run([commit({ message })]).commits?.[0]?.problems ?? [];
      expect(problems.join(" ")).not.toContain("did you mean");
    },
  );

  it("exempts commits by author login, in any case, and says so", () => {
    const bot = commit({ sha: sha(2), message: "Bump zproject", author: "Dependabot[bot]" });
    const result = run([commit(), bot], { exemptAuthors: ["dependabot[bot]"] });
    expect(result.outcome).toBe("pass");
    expect(result.commits?.[1]).toMatchObject({
      outcome: "skip",
      exempt: "by @Dependabot[bot], in `exemptAuthors`",
    });
    expect(result.message).toBe(
      "The commit states the problem and the solution. 1 commit exempt (by @Dependabot[bot], in `exemptAuthors`).",
    );
  });

  it("checks a bot's commits when exemptAuthors is empty (the default)", () => {
    const bot = commit({ message: "Bump zproject", author: "dependabot[bot]" });
    expect(run([bot]).outcome).toBe("fail");
  });
});

describe("commit-message: the fix fits where the commits are (issue 21)", () => {
  const good = commit({ sha: sha(1), message: `Problem: p${BODY}` });
  const bad = commit({ sha: sha(2), message: "fix it" });
  const fixIn = (setting: "pull" | "range" | "message", commits: Commit[]) =>
    commitMessage.evaluate(snapshot({ commits }), config(), setting).fix ?? "";

  it("the hook's message: write it again, amend nothing, push nothing", () => {
    const fix = fixIn("message", [bad]);
    expect(fix).toContain("Nothing was committed.");
    expect(fix).toContain('git commit -e -F "$(git rev-parse --git-path COMMIT_EDITMSG)"');
    expect(fix).not.toContain("--amend");
    expect(fix).not.toContain("push");
  });

  it("a local range: reword with a rebase, even when the newest is the bad one", () => {
    const fix = fixIn("range", [good, bad]);
    expect(fix).toMatch(/^ {4}git rebase -i c420000~1 {3}# mark that commit "reword"$/m);
    expect(fix).not.toContain("--amend");
    expect(fix).toContain("only if you had pushed them already");
  });

  it("a range from the root commit rebases from the root", () => {
    const fix = fixIn("range", [{ ...bad, parents: 0 }, good]);
    expect(fix).toContain('git rebase -i --root   # mark that commit "reword"');
  });

  it("a pull request's newest commit: amend and push again", () => {
    const fix = fixIn("pull", [good, bad]);
    expect(fix).toMatch(/^ {4}git commit --amend$/m);
    expect(fix).toMatch(/^ {4}git push --force-with-lease$/m);
  });
});
