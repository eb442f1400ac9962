import type { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit, postJson } from "./sandbox-helpers.ts";

const owner = "zeromq";
const repo = "libzmq";

describe("GitHubSimulator merges", () => {
  let sim: GitHubSimulator;
  let octokit: Octokit;
  let number: number;
  let headSha: string;

  beforeEach(async () => {
    sim = new GitHubSimulator();
    await sim.start();
    sim.createRepo({ owner, name: repo, maintainers: ["alice"] });
    sim.openIssue({ repo: "zeromq/libzmq", author: "bob", title: "Socket leaks" });
    sim.openIssue({ repo: "zeromq/libzmq", author: "bob", title: "Docs are stale" });
    ({ number, headSha } = sim.openPull({
      repo: "zeromq/libzmq",
      author: "bob",
      body: "Fixes #1",
      closes: [2],
      commits: [
        {
          message: "Problem: socket leaks\n\nSolution: close it",
          files: { "src/socket.c": "close();\n" },
        },
      ],
    }));
    octokit = await installationOctokit(sim);
  });
  afterEach(() => sim.close());

  it("merges with the right sha once, moves the base branch and closes linked issues", async () => {
    const before = sim.state().repos.find((r) => r.fullName === "zeromq/libzmq")?.branches.main;
    const { data } = await octokit.pulls.merge({
      owner,
      repo,
      pull_number: number,
      sha: headSha,
      merge_method: "squash",
      commit_title: "Problem: socket leaks (#3)",
    });
    expect(data).toEqual({
      sha: data.sha,
      merged: true,
      message: "Pull Request successfully merged",
    });
    const state = sim.state();
    expect(state.repos.find((r) => r.fullName === "zeromq/libzmq")?.branches.main).toBe(data.sha);
    expect(data.sha).not.toBe(before);
    expect(state.pulls[0]).toMatchObject({
      state: "closed",
      merged: true,
      mergeCommitSha: data.sha,
    });
    expect(state.issues.map((issue) => issue.state)).toEqual(["closed", "closed"]);
    const { data: pull } = await octokit.pulls.get({ owner, repo, pull_number: number });
    expect(pull.merged).toBe(true);
    expect(pull.merged_by?.login).toBe("c4bot[bot]");
    // The squash commit carries the given title and the patch's file.
    const { data: file } = await octokit.repos.getContent({ owner, repo, path: "src/socket.c" });
    expect("content" in file && Buffer.from(file.content, "base64").toString()).toBe("close();\n");
    await expect(
      octokit.pulls.merge({ owner, repo, pull_number: number, sha: headSha }),
    ).rejects.toMatchObject({ status: 405 });
    expect(sim.state().pulls).toHaveLength(1);
  });

  it("answers 409 when the sha guard does not match the head", async () => {
    const error = await octokit.pulls
      .merge({ owner, repo, pull_number: number, sha: "0".repeat(40) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 409,
      response: { data: { message: "Head branch was modified. Review and try the merge again." } },
    });
    expect(sim.state().pulls[0]?.merged).toBe(false);
  });

  it("answers 405 for a draft and for a conflicting pull request", async () => {
    sim.editPull({ repo: "zeromq/libzmq", number, draft: true });
    await expect(
      octokit.pulls.merge({ owner, repo, pull_number: number, sha: headSha }),
    ).rejects.toMatchObject({ status: 405 });
    sim.editPull({ repo: "zeromq/libzmq", number, draft: false, mergeable: false });
    await expect(
      octokit.pulls.merge({ owner, repo, pull_number: number, sha: headSha }),
    ).rejects.toMatchObject({ status: 405, message: expect.stringContaining("not mergeable") });
  });

  it("moveHead pushes a commit between the bot's read and its merge", async () => {
    await postJson(`${sim.url}/_sandbox/faults`, {
      method: "PUT",
      route: "/repos/{owner}/{repo}/pulls/{pull_number}/merge",
      moveHead: true,
      times: 1,
    });
    const { data: read } = await octokit.pulls.get({ owner, repo, pull_number: number });
    await expect(
      octokit.pulls.merge({ owner, repo, pull_number: number, sha: read.head.sha }),
    ).rejects.toMatchObject({ status: 409 });
    const moved = sim.state().pulls[0]?.headSha;
    expect(moved).not.toBe(read.head.sha);
    const { data } = await octokit.pulls.merge({ owner, repo, pull_number: number, sha: moved });
    expect(data.merged).toBe(true);
  });

  it("applies a 5xx fault `times` times, then answers normally", async () => {
    sim.addFault({
      method: "GET",
      route: "/repos/{owner}/{repo}/pulls/{pull_number}",
      status: 502,
      times: 2,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        await octokit.pulls.get({ owner, repo, pull_number: number }).then(
          (response) => response.status as number,
          (error: { status: number }) => error.status,
        ),
      );
    }
    expect(statuses).toEqual([502, 502, 200]);
  });

  it("models a secondary rate limit as 403 with retry-after", async () => {
    sim.addFault({ method: "POST", route: "graphql", status: 403, retryAfter: 7, times: 1 });
    const response = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: {
        authorization: `token ${await tokenOf(octokit)}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ query: "query Limit { rateLimit { remaining cost } }" }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(((await response.json()) as { message: string }).message).toMatch(
      /secondary rate limit/,
    );
    const again = await octokit.graphql<{ rateLimit: { remaining: number; cost: number } }>(
      "query Limit { rateLimit { remaining cost } }",
    );
    expect(again.rateLimit.cost).toBe(1);
    expect(again.rateLimit.remaining).toBeLessThan(5000);
    const calls = sim.calls().filter((call) => call.route === "graphql");
    expect(calls.map((call) => [call.status, call.operationName])).toEqual([
      [403, "Limit"],
      [200, "Limit"],
    ]);
  });

  it("delays answers by delayMs", async () => {
    sim.addFault({ method: "GET", route: "/repos/{owner}/{repo}", delayMs: 150 });
    const started = Date.now();
    await octokit.repos.get({ owner, repo });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

async function tokenOf(octokit: Octokit): Promise<string> {
  const auth = (await octokit.auth()) as { token: string };
  return auth.token;
}
