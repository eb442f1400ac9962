import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/bench/publish-comment.ts";
import { benchCommand } from "../../src/cli/bench.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

/*
 *  bench comment ──GITHUB_TOKEN──▶ GET  /repos/o/r/issues/N/comments   (find the marker)
 *                                 ──▶ POST /repos/o/r/issues/N/comments  (first run)
 *                                 ──▶ PATCH /repos/o/r/issues/comments/ID (every later run)
 */
describe("c4bot bench comment against the simulator", () => {
  const sim = new GitHubSimulator();
  const REPO = "zeromq/libzmq";
  let dir: string;
  let token: string;
  let pr: number;

  beforeAll(async () => {
    await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    pr = sim.openPull({
      repo: REPO,
      author: "alice",
      body: "Fixes nothing",
      commits: [{ message: "Problem: x is slow\n\nSolution: make it fast." }],
    }).number;
    sim.addComment({ repo: REPO, number: pr, author: "bob", body: "Looks good to me" });
    // A token as GitHub Actions hands one out: an installation token, here
    // through the app's JWT flow.
    const app = new ProbotOctokit({
      baseUrl: sim.apiUrl,
      auth: { appId: sim.appId, privateKey: sim.privateKey, installationId: sim.installationId },
    });
    token = ((await app.auth({ type: "installation" })) as { token: string }).token;
    dir = await mkdtemp(join(tmpdir(), "c4bot-bench-comment-"));
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function comment(body: string): Promise<{ code: number; stderr: string }> {
    await writeFile(join(dir, "report.md"), body);
    let stderr = "";
    const io: CliIo = {
      cwd: dir,
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      env: { GITHUB_TOKEN: token, GITHUB_API_URL: sim.apiUrl },
      isTTY: false,
    };
    const code = await benchCommand.run(
      ["comment", "--repo", REPO, "--pr", String(pr), "--file", "report.md"],
      io,
    );
    return { code, stderr };
  }

  const comments = () => sim.state().comments.filter((c) => c.repo === REPO && c.number === pr);

  it("creates one comment, then updates it instead of adding a second", async () => {
    const first = await comment("### Benchmark: no significant change\n");
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/created comment/);
    expect(comments()).toHaveLength(2);

    const since = sim.callCursor();
    const second = await comment("### Benchmark: 1 metric slower\n");
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/updated comment/);

    const all = comments();
    expect(all).toHaveLength(2);
    const ours = all.filter((c) => c.body.includes(COMMENT_MARKER));
    expect(ours).toHaveLength(1);
    expect(ours[0]?.body).toBe(`${COMMENT_MARKER}\n### Benchmark: 1 metric slower\n`);
    expect(ours[0]?.author).toBe(sim.botLogin);
    // The reviewer's comment is left alone.
    expect(all.find((c) => c.author === "bob")?.body).toBe("Looks good to me");
    expect(sim.calls(since).map((call) => `${call.method} ${call.route} ${call.status}`)).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments 200",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id} 200",
    ]);
    expect(sim.violations()).toEqual([]);
  });

  it("refuses to run without GITHUB_TOKEN", async () => {
    await writeFile(join(dir, "report.md"), "x");
    const io: CliIo = {
      cwd: dir,
      stdout: () => {},
      stderr: () => {},
      env: { GITHUB_API_URL: sim.apiUrl },
      isTTY: false,
    };
    await expect(
      benchCommand.run(["comment", "--repo", REPO, "--pr", "1", "--file", "report.md"], io),
    ).rejects.toThrow(/GITHUB_TOKEN/);
  });
});
