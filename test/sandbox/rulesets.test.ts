import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueMutation } from "../../src/github/enqueue-pull.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit, postJson } from "./sandbox-helpers.ts";

const REPO = "zeromq/libzmq";
const good = { message: "Problem: x\n\nSolution: y" };

/*
 *  POST /_sandbox/rulesets ──▶ GET /repos/{o}/{r}/rules/branches/{b}   (OpenAPI-checked)
 *  enqueuePullRequest ──▶ merge_group checks_requested ──▶ required checks ──▶ base moves
 */
describe("the simulator's rulesets and merge queue", () => {
  const sim = new GitHubSimulator();
  let url: string;
  let octokit: Octokit;

  beforeAll(async () => {
    url = await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    octokit = await installationOctokit(sim);
  });
  afterAll(async () => {
    expect(sim.violations()).toEqual([]);
    await sim.close();
  });

  const branch = () => sim.state().repos.find((r) => r.fullName === REPO)?.defaultBranch ?? "";
  const rules = async (name = branch()) =>
    (
      await octokit.request("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
        owner: "zeromq",
        repo: "libzmq",
        branch: name,
      })
    ).data;

  it("answers a branch's rules as GitHub shapes them, from the scripting API", async () => {
    expect(await rules()).toEqual([]);
    const response = await postJson(`${url}/_sandbox/rulesets`, {
      repo: REPO,
      requiredChecks: ["build", "C4"],
      mergeQueue: true,
    });
    expect(response.status).toBe(201);
    const found = await rules();
    expect(found.map((rule) => rule.type)).toEqual(["required_status_checks", "merge_queue"]);
    expect(found[0]).toMatchObject({
      parameters: { required_status_checks: [{ context: "build" }, { context: "C4" }] },
      ruleset_source_type: "Repository",
    });
    expect(await rules("other")).toEqual([]);
  });

  it("refuses a bad ruleset script with the reason", async () => {
    const response = await postJson(`${url}/_sandbox/rulesets`, {
      repo: REPO,
      requiredChecks: "build",
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain("requiredChecks");
  });

  it("refuses classic branch protection to an installation (no Administration permission)", async () => {
    await expect(
      octokit.request(
        "GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks",
        { owner: "zeromq", repo: "libzmq", branch: branch() },
      ),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("answers a REST merge on a queue-protected branch with 405", async () => {
    const { number, headSha } = sim.openPull({ repo: REPO, author: "alice", commits: [good] });
    await expect(
      octokit.pulls.merge({ owner: "zeromq", repo: "libzmq", pull_number: number, sha: headSha }),
    ).rejects.toMatchObject({ status: 405 });
  });

  it("enqueues with expectedHeadOid, and merges once the required checks pass on the group", async () => {
    const { number, headSha } = sim.openPull({ repo: REPO, author: "alice", commits: [good] });
    const { id } = (
      await octokit.graphql<{ repository: { pullRequest: { id: string } } }>(
        `query($n: Int!) { repository(owner: "zeromq", name: "libzmq") { pullRequest(number: $n) { id } } }`,
        { n: number },
      )
    ).repository.pullRequest;

    await expect(
      octokit.graphql(enqueueMutation, { pullRequestId: id, expectedHeadOid: "0".repeat(40) }),
    ).rejects.toMatchObject({ errors: [{ type: "UNPROCESSABLE" }] });

    const answer = await octokit.graphql<{
      enqueuePullRequest: { mergeQueueEntry: { state: string; position: number } };
    }>(enqueueMutation, { pullRequestId: id, expectedHeadOid: headSha });
    expect(answer.enqueuePullRequest.mergeQueueEntry.state).toBe("AWAITING_CHECKS");
    const group = sim.state().mergeGroups.find((entry) => entry.number === number);
    expect(group?.headRef).toMatch(/^gh-readonly-queue\/.+\/pr-\d+-[0-9a-f]{40}$/);

    sim.setCheck({ repo: REPO, sha: group?.headSha ?? "", name: "build", conclusion: "success" });
    expect(sim.state().pulls.find((p) => p.number === number)?.merged).toBe(false);
    sim.setCheck({ repo: REPO, sha: group?.headSha ?? "", name: "C4", conclusion: "success" });
    const pull = sim.state().pulls.find((p) => p.number === number);
    expect(pull).toMatchObject({ merged: true, mergedBy: "github-merge-queue[bot]" });
    expect(sim.state().mergeGroups).toEqual([]);
  });

  it("reads .github/workflows as a Tree in GraphQL", async () => {
    sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        {
          message: "Problem: no CI\n\nSolution: add it",
          files: { ".github/workflows/ci.yml": "on: push\n" },
        },
      ],
    });
    const data = await octokit.graphql<{
      repository: { object: { entries: { name: string; type: string }[] } | null };
    }>(
      `{ repository(owner: "zeromq", name: "libzmq") { object(expression: "HEAD:.github/workflows") { ... on Tree { entries { name type } } } } }`,
    );
    expect(data.repository.object?.entries).toEqual([{ name: "ci.yml", type: "blob" }]);
  });
});
