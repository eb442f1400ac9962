import type { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshotQuery } from "../../src/github/snapshot-query.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit } from "./sandbox-helpers.ts";

// biome-ignore lint/suspicious/noExplicitAny: the snapshot's shape is what the test asserts
type Snapshot = any;

describe("GitHubSimulator GraphQL", () => {
  const sim = new GitHubSimulator();
  let octokit: Octokit;
  let pull: { number: number; headSha: string };

  beforeAll(async () => {
    await sim.start();
    sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      config: "commit-message:\n  maxSubjectLength: 50\n",
      collaborators: { alice: "maintain", carol: "triage" },
    });
    sim.createRepo({ owner: "zeromq", name: ".github", config: "org: true\n" });
    sim.openIssue({ repo: "zeromq/libzmq", author: "dave", title: "Socket leaks" });
    pull = sim.openPull({
      repo: "zeromq/libzmq",
      author: "bob",
      title: "Problem: socket leaks",
      body: "Fixes #1",
      commits: [
        { message: "Problem: socket leaks\n\nSolution: close it", files: { "src/a.c": "a" } },
        { message: "Problem: no test\n\nSolution: add one", files: { "tests/a.c": "t" } },
      ],
    });
    sim.setCheck({
      repo: "zeromq/libzmq",
      sha: pull.headSha,
      name: "build",
      conclusion: "success",
    });
    sim.setCheck({ repo: "zeromq/libzmq", sha: pull.headSha, name: "lint", status: "in_progress" });
    sim.setStatus({
      repo: "zeromq/libzmq",
      sha: pull.headSha,
      context: "ci/travis",
      state: "pending",
    });
    sim.submitReview({
      repo: "zeromq/libzmq",
      number: pull.number,
      author: "alice",
      state: "APPROVED",
    });
    sim.editPull({ repo: "zeromq/libzmq", number: pull.number, milestone: "v5" });
    octokit = await installationOctokit(sim);
  });
  afterAll(() => sim.close());

  const run = (number: number) =>
    octokit.graphql<Snapshot>(snapshotQuery, {
      owner: "zeromq",
      name: "libzmq",
      number,
      configPath: "main:.github/c4.yml",
      orgConfigPath: "main:.github/c4.yml",
    });

  it("executes the bot's snapshotQuery with the pull request's real state", async () => {
    const since = sim.callCursor();
    const data = await run(pull.number);
    const repository = data.repository;
    expect(repository.nameWithOwner).toBe("zeromq/libzmq");
    expect(repository.isPrivate).toBe(false);
    expect(repository.owner.login).toBe("zeromq");
    expect(repository.defaultBranchRef.name).toBe("main");
    expect(repository.defaultBranchRef.target.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(repository.defaultBranchRef.target.statusCheckRollup).toBeNull();
    expect(repository.config).toMatchObject({
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
      text: "commit-message:\n  maxSubjectLength: 50\n",
    });
    expect(repository.collaborators.edges).toEqual([
      { permission: "MAINTAIN", node: { login: "alice" } },
      { permission: "TRIAGE", node: { login: "carol" } },
    ]);
    const pr = repository.pullRequest;
    expect(pr).toMatchObject({
      number: pull.number,
      title: "Problem: socket leaks",
      body: "Fixes #1",
      isDraft: false,
      state: "OPEN",
      merged: false,
      mergeable: "MERGEABLE",
      author: { login: "bob" },
      baseRefName: "main",
      headRefName: `patch-${pull.number}`,
      headRefOid: pull.headSha,
      baseRepository: { nameWithOwner: "zeromq/libzmq" },
      headRepository: { nameWithOwner: "bob/libzmq" },
      labels: { nodes: [] },
      milestone: { title: "v5" },
      files: { nodes: [{ path: "src/a.c" }, { path: "tests/a.c" }] },
    });
    expect(pr.commits.totalCount).toBe(2);
    expect(pr.commits.nodes.map((node: Snapshot) => node.commit.message)).toEqual([
      "Problem: socket leaks\n\nSolution: close it",
      "Problem: no test\n\nSolution: add one",
    ]);
    expect(pr.commits.nodes[0].commit).toMatchObject({
      parents: { totalCount: 1 },
      author: { user: { login: "bob" } },
    });
    const head = pr.headCommit.nodes[0].commit;
    expect(head.oid).toBe(pull.headSha);
    expect(head.checkSuites.nodes).toEqual([
      {
        app: { slug: "ci" },
        checkRuns: {
          nodes: [
            expect.objectContaining({ name: "build", status: "COMPLETED", conclusion: "SUCCESS" }),
            expect.objectContaining({
              name: "lint",
              status: "IN_PROGRESS",
              conclusion: null,
              completedAt: null,
            }),
          ],
        },
      },
    ]);
    expect(head.checkSuites.nodes[0].checkRuns.nodes[0].databaseId).toBeTypeOf("number");
    expect(head.status.contexts).toEqual([
      { context: "ci/travis", state: "PENDING", createdAt: expect.any(String) },
    ]);
    expect(pr.closingIssuesReferences.nodes).toEqual([
      {
        number: 1,
        state: "OPEN",
        repository: { nameWithOwner: "zeromq/libzmq" },
        author: { login: "dave" },
      },
    ]);
    expect(pr.reviews.nodes).toEqual([
      { author: { login: "alice" }, state: "APPROVED", submittedAt: expect.any(String) },
    ]);
    expect(data.orgConfig.repository.object).toMatchObject({ text: "org: true\n" });
    expect(sim.calls(since)).toMatchObject([
      { route: "graphql", operationName: "C4Snapshot", status: 200 },
    ]);
    expect(sim.violations()).toEqual([]);
  });

  it("rolls up check runs and statuses of the default branch's head", async () => {
    const main = sim.state().repos.find((repo) => repo.fullName === "zeromq/libzmq")?.branches.main;
    sim.setStatus({
      repo: "zeromq/libzmq",
      sha: String(main),
      context: "ci/travis",
      state: "success",
    });
    sim.setCheck({
      repo: "zeromq/libzmq",
      sha: String(main),
      name: "build",
      conclusion: "failure",
    });
    const data = await run(pull.number);
    const nodes = data.repository.defaultBranchRef.target.statusCheckRollup.contexts.nodes;
    expect(nodes).toEqual([
      expect.objectContaining({ __typename: "CheckRun", name: "build", conclusion: "FAILURE" }),
      expect.objectContaining({
        __typename: "StatusContext",
        context: "ci/travis",
        state: "SUCCESS",
      }),
    ]);
  });

  it("answers a missing pull request with GitHub's NOT_FOUND error", async () => {
    const error = await run(99).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errors: [expect.objectContaining({ type: "NOT_FOUND", path: ["repository", "pullRequest"] })],
    });
    expect(sim.violations()).toEqual([]);
  });

  it("pages open pull requests and reports the rate limit", async () => {
    const second = sim.openPull({
      repo: "zeromq/libzmq",
      author: "erin",
      commits: [{ message: "Problem: x\n\nSolution: y" }],
    });
    const query = /* GraphQL */ `
      query Open($owner: String!, $name: String!, $after: String) {
        repository(owner: $owner, name: $name) {
          pullRequests(states: [OPEN], first: 1, after: $after) {
            nodes { number headRefOid }
            pageInfo { hasNextPage endCursor }
          }
        }
        rateLimit { remaining cost }
      }
    `;
    const first = await octokit.graphql<Snapshot>(query, { owner: "zeromq", name: "libzmq" });
    expect(first.repository.pullRequests.nodes).toEqual([
      { number: pull.number, headRefOid: pull.headSha },
    ]);
    expect(first.repository.pullRequests.pageInfo.hasNextPage).toBe(true);
    const next = await octokit.graphql<Snapshot>(query, {
      owner: "zeromq",
      name: "libzmq",
      after: first.repository.pullRequests.pageInfo.endCursor,
    });
    expect(next.repository.pullRequests.nodes).toEqual([
      { number: second.number, headRefOid: second.headSha },
    ]);
    expect(next.repository.pullRequests.pageInfo.hasNextPage).toBe(false);
    expect(next.rateLimit.cost).toBe(1);
    expect(next.rateLimit.remaining).toBe(first.rateLimit.remaining - 1);
  });

  it("rejects a query with a field GitHub does not have, and records it", async () => {
    sim.clearViolations();
    const error = await octokit
      .graphql('query Bad { repository(owner: "zeromq", name: "libzmq") { starCount } }')
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      errors: [expect.objectContaining({ message: expect.stringContaining("starCount") })],
    });
    expect(sim.violations()).toMatchObject([{ kind: "invalid-query", path: "/api/graphql" }]);
    sim.clearViolations();
  });
});
