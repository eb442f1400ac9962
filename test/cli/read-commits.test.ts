import { execFileSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { readCommits } from "../../src/cli/read-commits.ts";
import { commit, git, gitEnv, initRepo, removeTempDirs } from "./fixture.ts";

afterAll(removeTempDirs);

describe("readCommits", () => {
  it("reads messages exactly, oldest first, with parents and dates", async () => {
    const repo = initRepo();
    const odd =
      "Problem: ünïcödé 🎉 and \x1f unit separators\n\nSolution: keep\n  the   spacing\n\n\n";
    const [a, b] = commit(repo, "Problem: a\n\nSolution: b\n", odd);
    const commits = await readCommits(repo, ["HEAD"]);
    expect(commits.map((c) => c.sha)).toEqual([a, b]);
    expect(commits[1]).toMatchObject({ message: odd, parents: 1, author: null });
    expect(commits[0]?.parents).toBe(0);
    expect(commits[0]?.committedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  });

  it("counts the parents of a merge commit", async () => {
    const repo = initRepo();
    commit(repo, "Problem: a\n\nSolution: b\n");
    git(repo, "switch", "--quiet", "-c", "side");
    commit(repo, "Problem: c\n\nSolution: d\n");
    git(repo, "switch", "--quiet", "main");
    commit(repo, "Problem: e\n\nSolution: f\n");
    git(repo, "merge", "--quiet", "--no-edit", "side");
    const [merge] = await readCommits(repo, ["HEAD"], 1);
    expect(merge?.parents).toBe(2);
  });

  it("splits many records across stream chunks without losing characters", async () => {
    const repo = initRepo();
    const messages = Array.from(
      { length: 300 },
      (_, i) => `Problem: ${"é🎉".repeat(i % 40)} ${i}\n\nSolution: ${"x".repeat(i * 3)}\n`,
    );
    // fast-import stores messages verbatim, and 300 commits in one process.
    const stream = messages
      .map((message, i) => {
        const from = i > 0 ? `from :${i}\n` : "";
        const size = Buffer.byteLength(message);
        return `commit refs/heads/main\nmark :${i + 1}\ncommitter A <a@example.org> ${1e9 + i} +0000\ndata ${size}\n${message}\n${from}`;
      })
      .join("");
    execFileSync("git", ["fast-import", "--quiet"], { cwd: repo, input: stream, env: gitEnv });
    const commits = await readCommits(repo, ["HEAD"]);
    expect(commits.map((c) => c.message)).toEqual(messages);
  });
});
