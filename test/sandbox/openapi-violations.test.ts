import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit } from "./sandbox-helpers.ts";

describe("GitHubSimulator REST honesty", () => {
  const sim = new GitHubSimulator();
  let octokit: Octokit;

  beforeAll(async () => {
    await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    sim.openPull({
      repo: "zeromq/libzmq",
      author: "bob",
      commits: [{ message: "Problem: a\n\nSolution: b" }],
    });
    octokit = await installationOctokit(sim);
  });
  afterAll(() => sim.close());

  it("answers a route GitHub does not have with 501 and records a violation", async () => {
    sim.clearViolations();
    const error = await octokit
      .request("GET /repos/{owner}/{repo}/no-such-thing", { owner: "zeromq", repo: "libzmq" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 501 });
    expect(sim.violations()).toMatchObject([
      { kind: "unknown-route", method: "GET", path: "/repos/zeromq/libzmq/no-such-thing" },
    ]);
  });

  it("answers a GitHub route the simulator does not implement with 501, not a silent 404", async () => {
    sim.clearViolations();
    await expect(
      octokit.repos.listForks({ owner: "zeromq", repo: "libzmq" }),
    ).rejects.toMatchObject({
      status: 501,
    });
    expect(sim.violations()).toMatchObject([
      {
        kind: "unimplemented-route",
        message: expect.stringContaining("/repos/{owner}/{repo}/forks"),
      },
    ]);
  });

  it("rejects a body that breaks the operation's schema with 422", async () => {
    sim.clearViolations();
    const bad = await octokit
      // No head_sha, and a status GitHub does not have: the schema refuses both.
      .request("POST /repos/{owner}/{repo}/check-runs", {
        owner: "zeromq",
        repo: "libzmq",
        name: "C4",
        status: "finished",
      } as never)
      .catch((caught: unknown) => caught);
    expect(bad).toMatchObject({ status: 422 });
    expect(sim.violations()).toMatchObject([{ kind: "invalid-body" }]);
    expect(sim.violations()[0]?.message).toMatch(/head_sha/);
    sim.clearViolations();
  });

  it.each([
    ["a fourth button", 4, {}],
    ["a label over 20 characters", 1, { label: "Merge this one anyway" }],
    ["an identifier over 20 characters", 1, { identifier: "x".repeat(21) }],
    ["a description over 40 characters", 1, { description: "x".repeat(41) }],
  ])("refuses check run buttons beyond GitHub's limits: %s", async (_name, count, override) => {
    sim.clearViolations();
    const { headSha } = sim.state().pulls[0] as { headSha: string };
    const button = { label: "Check again", description: "Evaluate again", identifier: "recheck" };
    const bad = await octokit.checks
      .create({
        owner: "zeromq",
        repo: "libzmq",
        name: "C4",
        head_sha: headSha,
        status: "in_progress",
        actions: Array.from({ length: count }, () => ({ ...button, ...override })),
      })
      .catch((caught: unknown) => caught);
    expect(bad).toMatchObject({ status: 422 });
    expect(sim.violations()).toMatchObject([{ kind: "invalid-body" }]);
    sim.clearViolations();
  });

  it("writes check runs, comments, labels and issues as the app, with route templates in the log", async () => {
    const since = sim.callCursor();
    const { headSha } = sim.state().pulls[0] as { headSha: string };
    const { data: run } = await octokit.checks.create({
      owner: "zeromq",
      repo: "libzmq",
      name: "C4",
      head_sha: headSha,
      status: "in_progress",
    });
    expect(run.app?.slug).toBe("c4bot");
    const { data: done } = await octokit.checks.update({
      owner: "zeromq",
      repo: "libzmq",
      check_run_id: run.id,
      conclusion: "failure",
      output: { title: "C4: 1 rule fails", summary: "| rule | result |" },
    });
    expect(done).toMatchObject({ status: "completed", conclusion: "failure" });
    const { data: runs } = await octokit.checks.listForRef({
      owner: "zeromq",
      repo: "libzmq",
      ref: headSha,
    });
    expect(runs.check_runs.map((r) => [r.name, r.output.title])).toEqual([
      ["C4", "C4: 1 rule fails"],
    ]);

    const { data: comment } = await octokit.issues.createComment({
      owner: "zeromq",
      repo: "libzmq",
      issue_number: 1,
      body: "Welcome!",
    });
    await octokit.issues.updateComment({
      owner: "zeromq",
      repo: "libzmq",
      comment_id: comment.id,
      body: "Hi",
    });
    const { data: comments } = await octokit.issues.listComments({
      owner: "zeromq",
      repo: "libzmq",
      issue_number: 1,
    });
    expect(comments.map((c) => [c.user?.login, c.body])).toEqual([["c4bot[bot]", "Hi"]]);

    await octokit.issues.addLabels({
      owner: "zeromq",
      repo: "libzmq",
      issue_number: 1,
      labels: ["c4"],
    });
    await octokit.issues.removeLabel({
      owner: "zeromq",
      repo: "libzmq",
      issue_number: 1,
      name: "c4",
    });
    const { data: created } = await octokit.issues.create({
      owner: "zeromq",
      repo: "libzmq",
      title: "Stale",
    });
    expect(created.number).toBe(2);
    await octokit.issues.update({
      owner: "zeromq",
      repo: "libzmq",
      issue_number: 2,
      state: "closed",
    });
    const { data: open } = await octokit.issues.listForRepo({ owner: "zeromq", repo: "libzmq" });
    expect(open.map((issue) => [issue.number, Boolean(issue.pull_request)])).toEqual([[1, true]]);
    const { data: permission } = await octokit.repos.getCollaboratorPermissionLevel({
      owner: "zeromq",
      repo: "libzmq",
      username: "bob",
    });
    expect(permission.permission).toBe("read");

    expect(sim.calls(since).map((call) => `${call.method} ${call.route}`)).toEqual([
      "POST /repos/{owner}/{repo}/check-runs",
      "PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}",
      "GET /repos/{owner}/{repo}/commits/{ref}/check-runs",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}",
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/labels",
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}",
      "POST /repos/{owner}/{repo}/issues",
      "PATCH /repos/{owner}/{repo}/issues/{issue_number}",
      "GET /repos/{owner}/{repo}/issues",
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
    ]);
    expect(sim.violations()).toEqual([]);
  });

  it("pages pull requests with Link headers", async () => {
    for (let i = 0; i < 3; i++) {
      sim.openPull({
        repo: "zeromq/libzmq",
        author: `user${i}`,
        commits: [{ message: `Problem: ${i}` }],
      });
    }
    const first = await octokit.pulls.list({ owner: "zeromq", repo: "libzmq", per_page: 2 });
    expect(first.headers.link).toMatch(/rel="next"/);
    const all = await octokit.paginate(octokit.pulls.list, {
      owner: "zeromq",
      repo: "libzmq",
      per_page: 2,
    });
    expect(all).toHaveLength(4);
    const { data: associated } = await octokit.repos.listPullRequestsAssociatedWithCommit({
      owner: "zeromq",
      repo: "libzmq",
      commit_sha: all[0]?.head.sha ?? "",
    });
    expect(associated.map((pull) => pull.number)).toEqual([all[0]?.number]);
    expect(sim.violations()).toEqual([]);
  });
});
