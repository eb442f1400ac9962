import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PullSnapshot } from "../../src/c4/index.ts";
import {
  bad,
  commit,
  git,
  good,
  good2,
  initRepo,
  removeTempDirs,
  run,
  tempDir,
} from "./fixture.ts";

afterAll(removeTempDirs);

/** The commit shas a JSON report lists under `commit-message`. */
function checkedShas(stdout: string): string[] {
  const report = JSON.parse(stdout) as { results: { rule: string; commits?: { sha: string }[] }[] };
  const rule = report.results.find((result) => result.rule === "commit-message");
  return (rule?.commits ?? []).map((c) => c.sha);
}

describe("c4bot check RANGE", () => {
  const repo = initRepo();
  // A root commit to start ranges from (`first^` needs a parent).
  const [root] = commit(repo, good);
  const [first, second] = commit(repo, good, good2);
  const [wrong] = commit(repo, bad);

  it("exits 0 when every commit in the range is correct", async () => {
    const result = await run(repo, ["check", `${root}..${second}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("commit-message");
    expect(result.stdout).toContain("A correct patch");
    expect(result.stdout).not.toContain("\u001b[");
  });

  it("exits 1 and names the bad commit when one is not", async () => {
    const result = await run(repo, ["check", `${root}..HEAD`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain((wrong as string).slice(0, 7));
    expect(result.stdout).toContain("Fix the socket leak");
  });

  it("advises a rebase for a range, never an amend of HEAD (issue 21)", async () => {
    const result = await run(repo, ["check", `${root}..HEAD`]);
    expect(result.stdout).toContain(`git rebase -i ${(wrong as string).slice(0, 7)}~1`);
    expect(result.stdout).not.toContain("--amend");
  });

  it("prints exactly toJsonReport's shape with --format json", async () => {
    const result = await run(repo, ["check", `${root}..HEAD`, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report).sort()).toEqual(["correct", "decision", "results"]);
    expect(report).toMatchObject({ correct: false, decision: "reject" });
    for (const entry of report.results) {
      expect(Object.keys(entry).sort()).toEqual(
        ["clause", "commits", "message", "outcome", "rule"].filter(
          (key) => key !== "commits" || "commits" in entry,
        ),
      );
      for (const c of entry.commits ?? []) {
        expect(Object.keys(c).sort()).toEqual(["outcome", "problems", "sha"]);
      }
    }
    const rule = report.results.find((r: { rule: string }) => r.rule === "commit-message");
    expect(rule.outcome).toBe("fail");
    expect(rule.commits.map((c: { sha: string }) => c.sha)).toEqual([first, second, wrong]);
    expect(rule.commits[2].problems.length).toBeGreaterThan(0);
  });

  it("checks only the newest N commits with --max-count", async () => {
    const result = await run(repo, ["check", "HEAD", "--max-count", "2", "--format", "json"]);
    expect(checkedShas(result.stdout)).toEqual([second, wrong]);
  });

  it("says nothing to check for an empty range, and exits 0", async () => {
    const result = await run(repo, ["check", "HEAD..HEAD"]);
    expect(result).toMatchObject({ code: 0, stdout: "nothing to check\n" });
    const json = await run(repo, ["check", "HEAD..HEAD", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual({ correct: true, decision: "merge", results: [] });
  });

  it("colours text with --color, and not with NO_COLOR or --no-color", async () => {
    const range = `${root}..${second}`;
    expect((await run(repo, ["check", range, "--color"])).stdout).toContain("\u001b[");
    expect((await run(repo, ["check", range], { isTTY: true })).stdout).toContain("\u001b[");
    const noColor = await run(repo, ["check", range], { isTTY: true, env: { NO_COLOR: "1" } });
    expect(noColor.stdout).not.toContain("\u001b[");
    const flag = await run(repo, ["check", range, "--no-color"], { isTTY: true });
    expect(flag.stdout).not.toContain("\u001b[");
  });

  it("exits 2 on a bad range, flag or value", async () => {
    const range = await run(repo, ["check", "no-such-branch..HEAD"]);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("no-such-branch");
    for (const argv of [
      ["check", "--bogus"],
      ["check", "--format", "xml"],
      ["check", "--max-count", "0"],
      ["check", "--", "--output=/tmp/x"],
    ]) {
      const result = await run(repo, argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr, argv.join(" ")).toContain("Usage:");
    }
  });

  it("exits 2 outside a git repository", async () => {
    const result = await run(tempDir(), ["check", "HEAD"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not in a git repository");
  });
});

describe("c4bot check without a RANGE", () => {
  /** A clone of a bare origin, with `main` holding one bad commit from long ago. */
  function cloneWithHistory(): { origin: string; clone: string } {
    const seed = initRepo();
    commit(seed, bad);
    const origin = join(tempDir(), "origin.git");
    git(seed, "clone", "--quiet", "--bare", seed, origin);
    const clone = join(tempDir(), "clone");
    git(tempDir(), "clone", "--quiet", origin, clone);
    git(clone, "config", "commit.gpgsign", "false");
    return { origin, clone };
  }

  it("checks the commits on HEAD that are not on origin's default branch", async () => {
    const { clone } = cloneWithHistory();
    git(clone, "switch", "--quiet", "-c", "topic");
    const shas = commit(clone, good, good2);
    const result = await run(clone, ["check", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(checkedShas(result.stdout)).toEqual(shas);
    // The explicit range sees the old bad commit too.
    expect((await run(clone, ["check", "HEAD"])).code).toBe(1);
  });

  it("falls back to origin/main when origin/HEAD is not set", async () => {
    const { clone } = cloneWithHistory();
    git(clone, "remote", "set-head", "origin", "--delete");
    const shas = commit(clone, good);
    const result = await run(clone, ["check", "--format", "json"]);
    expect(result.code).toBe(0);
    expect(checkedShas(result.stdout)).toEqual(shas);
  });

  it("falls back to a local main from another branch", async () => {
    const repo = initRepo();
    commit(repo, bad);
    git(repo, "switch", "--quiet", "-c", "topic");
    const shas = commit(repo, good);
    const result = await run(repo, ["check", "--format", "json"]);
    expect(checkedShas(result.stdout)).toEqual(shas);
  });

  it("exits 2 and asks for a RANGE when there is no base", async () => {
    const repo = initRepo();
    commit(repo, good);
    const result = await run(repo, ["check"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot find the upstream default branch");
    expect(result.stderr).toContain("c4bot check main..HEAD");
  });
});

describe("c4bot check --message-file", () => {
  const repo = initRepo();
  const write = (name: string, text: string) => {
    writeFileSync(join(repo, name), text);
    return name;
  };

  it("strips comment lines and everything under the scissors line", async () => {
    const file = write(
      "MSG1",
      `${good}# Please enter the commit message for your changes.\n#\n` +
        "# ------------------------ >8 ------------------------\n" +
        "Not a comment: the diff of git commit -v\n",
    );
    const result = await run(repo, ["check", "--message-file", file, "--format", "json"]);
    expect(result.code).toBe(0);
    expect(checkedShas(result.stdout)).toEqual(["(message)"]);
  });

  it("fails a message whose Problem line is only in a comment", async () => {
    const file = write("MSG2", "# Problem: hidden\nFix the leak\n\n# Solution: in a comment\n");
    const result = await run(repo, ["check", "--message-file", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Fix the leak");
  });

  it("reads prefixes with the bot's tolerance, and hints at a near miss", async () => {
    const loose = write("MSG3", "Problem : the parser leaks\n\nsolution : free it\n");
    const passed = await run(repo, ["check", "--message-file", loose, "--no-color"]);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toContain('Read with tolerance: "Problem :" read as "Problem:"');
    const typo = write("MSG4", "Problem: the parser leaks\n\nSoltion: free it\n");
    const failed = await run(repo, ["check", "--message-file", typo, "--no-color"]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('(did you mean "Solution:"? it says "Soltion:")');
  });

  it("uses core.commentChar", async () => {
    const other = initRepo();
    git(other, "config", "core.commentChar", ";");
    writeFileSync(join(other, "MSG"), `; Bad first line in a comment\n${good}`);
    expect((await run(other, ["check", "--message-file", "MSG"])).code).toBe(0);
  });

  it("exits 2 when the file cannot be read", async () => {
    const result = await run(repo, ["check", "--message-file", "no-such-file"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no-such-file");
  });
});

describe("c4bot check config", () => {
  it("reads .github/c4.yml at the top level, from a subdirectory too", async () => {
    const repo = initRepo();
    git(repo, "config", "core.commentChar", "#");
    const [sha] = commit(repo, "Fix: the leak\n\nFix: close it.\n");
    expect((await run(repo, ["check", "HEAD"])).code).toBe(1);
    const config =
      "rules:\n  commit-message:\n    problemPrefix: 'Fix:'\n    solutionPrefix: 'Fix:'\n";
    writeFileSync(join(tempDir(), "unused"), "");
    git(repo, "switch", "--quiet", "-c", "topic");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(join(repo, ".github"));
    mkdirSync(join(repo, "sub"));
    writeFileSync(join(repo, ".github", "c4.yml"), config);
    const result = await run(join(repo, "sub"), ["check", sha as string]);
    expect(result.code).toBe(0);
  });

  it("exits 2 on an invalid config, with file:line:column for each problem", async () => {
    const repo = initRepo();
    commit(repo, good);
    writeFileSync(
      join(repo, "c4.yml"),
      "mode: live\nrules:\n  commit-message:\n    subjectLimit: lots\n  ci-green: maybe\n",
    );
    const result = await run(repo, ["check", "HEAD", "--config", "c4.yml"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^c4\.yml:4:19: rules\.commit-message\.subjectLimit: /m);
    expect(result.stderr).toMatch(/^c4\.yml:5:13: rules\.ci-green(\.level)?: /m);
  });

  it("warns about unknown keys and goes on", async () => {
    const repo = initRepo();
    commit(repo, good);
    writeFileSync(join(repo, "c4.yml"), "rulez: {}\n");
    const result = await run(repo, ["check", "HEAD", "--config", "c4.yml"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: c4\.yml:1:1: rulez: unknown key/m);
  });

  it("says it checks with this file alone when it extends the organisation's", async () => {
    const repo = initRepo();
    commit(repo, good);
    writeFileSync(join(repo, "c4.yml"), "_extends: .github\nmode: dry-run\n");
    const result = await run(repo, ["check", "HEAD", "--config", "c4.yml"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: c4\.yml: _extends: the organisation's \.github\/c4\.yml is not read here/m,
    );
  });

  it("exits 2 when --config names no file", async () => {
    const repo = initRepo();
    commit(repo, good);
    const result = await run(repo, ["check", "HEAD", "--config", "missing.yml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing.yml");
  });
});

describe("c4bot check --snapshot", () => {
  const now = "2025-03-01T12:00:00Z";
  const snapshot: PullSnapshot = {
    repo: { owner: "zeromq", name: "libzmq", defaultBranch: "master" },
    number: 42,
    title: "Problem: the socket leaks",
    body: "Fixes #41",
    draft: false,
    author: { login: "contributor", permission: "read" },
    base: { ref: "master", repo: "zeromq/libzmq" },
    head: { ref: "fix-leak", sha: "a".repeat(40), repo: "contributor/libzmq" },
    labels: [],
    milestone: null,
    commits: [{ sha: "a".repeat(40), message: good, parents: 1, author: "contributor" }],
    closingIssues: [{ number: 41, repo: "zeromq/libzmq", state: "open", author: "user" }],
    checks: [{ name: "build", kind: "check_run", status: "completed", conclusion: "success" }],
    defaultBranchChecks: [
      { name: "build", kind: "check_run", status: "completed", conclusion: "success" },
    ],
    reviews: [],
    mergeable: true,
    createdAt: now,
    updatedAt: now,
    now,
  };
  const dir = tempDir();

  it("evaluates a valid snapshot with every rule", async () => {
    writeFileSync(join(dir, "pr.json"), JSON.stringify(snapshot));
    const result = await run(dir, ["check", "--snapshot", "pr.json", "--format", "json"]);
    const report = JSON.parse(result.stdout);
    expect(report.results.map((r: { rule: string }) => r.rule)).toContain("ci-green");
    expect(result.code).toBe(report.correct ? 0 : 1);
  });

  it("exits 1 for a snapshot that is not a correct patch", async () => {
    const draft = { ...snapshot, draft: true, commits: [{ ...snapshot.commits[0], message: bad }] };
    writeFileSync(join(dir, "draft.json"), JSON.stringify(draft));
    expect((await run(dir, ["check", "--snapshot", "draft.json"])).code).toBe(1);
  });

  it("exits 2 listing every invalid path", async () => {
    const broken = { ...snapshot, number: "42", commits: [{ sha: "", message: 1 }] };
    writeFileSync(join(dir, "broken.json"), JSON.stringify(broken));
    const result = await run(dir, ["check", "--snapshot", "broken.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not a valid pull request snapshot");
    expect(result.stderr).toContain("number:");
    expect(result.stderr).toContain("commits.0.message:");
    expect(result.stderr).toContain("commits.0.parents:");
  });

  it("exits 2 for a file that is not JSON", async () => {
    writeFileSync(join(dir, "junk.json"), "{ nope");
    const result = await run(dir, ["check", "--snapshot", "junk.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("junk.json");
  });

  it("refuses a snapshot and a range together", async () => {
    expect((await run(dir, ["check", "HEAD", "--snapshot", "pr.json"])).code).toBe(2);
  });
});

describe("c4bot check on hostile commit messages (issue 21)", () => {
  it("prints a subject holding ESC[2J inert, in a range", async () => {
    const repo = initRepo();
    commit(repo, good, "Fix it\u001b[2J\u001b[H\n");
    const result = await run(repo, ["check", "HEAD~1..HEAD"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Fix it␛[2J␛[H");
    expect(hasControl(result.stdout)).toBe(false);
  });

  it("prints a message file's subject inert", async () => {
    const dir = tempDir();
    const file = join(dir, "COMMIT_EDITMSG");
    writeFileSync(file, "Oops\u009b2J\u0007\n");
    const result = await run(dir, ["check", "--message-file", file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Oops\ufffd2J␇");
    expect(hasControl(result.stdout)).toBe(false);
  });
});

/** Whether the text holds a control character other than a newline. */
function hasControl(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code < 0x20 && char !== "\n") || (code >= 0x7f && code <= 0x9f);
  });
}
