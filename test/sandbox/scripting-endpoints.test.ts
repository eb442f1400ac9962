import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closingReferences } from "../../src/sandbox/closing-references.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit, postJson } from "./sandbox-helpers.ts";

describe("closingReferences", () => {
  it.each([
    ["Fixes #12", [{ repo: null, number: 12 }]],
    [
      "closes #3 and RESOLVED zeromq/czmq#4",
      [
        { repo: null, number: 3 },
        { repo: "zeromq/czmq", number: 4 },
      ],
    ],
    ["fix: #7, fixed #7", [{ repo: null, number: 7 }]],
    ["see #5, prefix#6, closing #8", []],
  ])("%s", (body, expected) => {
    expect(closingReferences(body)).toEqual(expected);
  });
});

describe("GitHubSimulator scripting endpoints", () => {
  const sim = new GitHubSimulator();
  let url: string;

  beforeAll(async () => {
    url = await sim.start();
  });
  afterAll(() => sim.close());

  const json = async (response: Response) => {
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };

  it("scripts repos, pulls, pushes, issues, checks, statuses, reviews and comments over HTTP", async () => {
    await json(
      await postJson(`${url}/_sandbox/repos`, {
        owner: "zeromq",
        name: "libzmq",
        config: "ci-green: true\n",
        maintainers: ["alice"],
      }),
    );
    const issue = await json(
      await postJson(`${url}/_sandbox/issues`, {
        repo: "zeromq/libzmq",
        author: "dave",
        title: "Leak",
        body: "",
      }),
    );
    const pull = await json(
      await postJson(`${url}/_sandbox/pulls`, {
        repo: "zeromq/libzmq",
        author: "alice",
        fromFork: false,
        head: "fix-leak",
        closes: [issue.number],
        commits: [{ message: "Problem: leak\n\nSolution: fix", files: { "src/a.c": "x" } }],
      }),
    );
    const pushed = await json(
      await postJson(`${url}/_sandbox/pulls/zeromq/libzmq/${pull.number}/push`, {
        commits: [{ message: "Problem: merge\n\nSolution: merge main", merge: true }],
      }),
    );
    expect(pushed.headSha).not.toBe(pull.headSha);
    await json(
      await postJson(`${url}/_sandbox/checks`, {
        repo: "zeromq/libzmq",
        sha: pushed.headSha,
        name: "build",
        status: "in_progress",
      }),
    );
    await json(
      await postJson(`${url}/_sandbox/checks`, {
        repo: "zeromq/libzmq",
        sha: pushed.headSha,
        name: "build",
        conclusion: "failure",
      }),
    );
    await json(
      await postJson(`${url}/_sandbox/statuses`, {
        repo: "zeromq/libzmq",
        sha: pushed.headSha,
        context: "ci/x",
        state: "error",
      }),
    );
    await json(
      await postJson(`${url}/_sandbox/reviews`, {
        repo: "zeromq/libzmq",
        number: pull.number,
        author: "bob",
        state: "CHANGES_REQUESTED",
      }),
    );
    await json(
      await postJson(`${url}/_sandbox/comments`, {
        repo: "zeromq/libzmq",
        number: pull.number,
        author: "bob",
        body: "hm",
      }),
    );

    const state = await json(await fetch(`${url}/_sandbox/state`));
    expect(state.repos).toMatchObject([
      { fullName: "zeromq/libzmq", collaborators: { alice: "write" } },
    ]);
    expect(state.pulls).toMatchObject([
      {
        number: pull.number,
        headSha: pushed.headSha,
        headRepo: "zeromq/libzmq",
        headRef: "fix-leak",
        merged: false,
        closes: [`zeromq/libzmq#${issue.number}`],
      },
    ]);
    expect(state.checkRuns).toMatchObject([
      { name: "build", status: "completed", conclusion: "failure", app: "ci" },
    ]);
    expect(state.statuses).toMatchObject([{ context: "ci/x", state: "error" }]);
    expect(state.comments).toMatchObject([{ author: "bob", body: "hm" }]);

    const octokit = await installationOctokit(sim);
    const { data: combined } = await octokit.repos.getCombinedStatusForRef({
      owner: "zeromq",
      repo: "libzmq",
      ref: String(pushed.headSha),
    });
    expect(combined.state).toBe("failure");
    const { data: commits } = await octokit.request(
      "GET /repos/{owner}/{repo}/pulls/{pull_number}",
      {
        owner: "zeromq",
        repo: "libzmq",
        pull_number: Number(pull.number),
      },
    );
    expect(commits.commits).toBe(2);
  });

  it("reports calls after a cursor, with templates and operation names", async () => {
    const { cursor } = await json(await fetch(`${url}/_sandbox/calls`));
    const octokit = await installationOctokit(sim);
    await octokit.pulls.list({ owner: "zeromq", repo: "libzmq", state: "all" });
    await octokit.graphql("query Tiny { rateLimit { remaining } }");
    const later = await json(await fetch(`${url}/_sandbox/calls?since=${cursor}`));
    expect(later.calls).toMatchObject([
      { method: "POST", route: "/app/installations/{installation_id}/access_tokens", status: 201 },
      {
        method: "GET",
        route: "/repos/{owner}/{repo}/pulls",
        path: "/repos/zeromq/libzmq/pulls",
        status: 200,
        installationId: sim.installationId,
      },
      { method: "POST", route: "graphql", operationName: "Tiny", status: 200 },
    ]);
    expect(await json(await fetch(`${url}/_sandbox/violations`))).toEqual([]);
  });

  it.each([
    ["without commits", { repo: "zeromq/libzmq", author: "x" }, /^commits: /],
    [
      "with a commit without a message",
      { repo: "zeromq/libzmq", author: "x", commits: [{}] },
      /^commits\.0\.message: /,
    ],
    [
      "with a repo that is not OWNER/NAME",
      { repo: "libzmq", author: "x", commits: [] },
      /^repo: wants OWNER\/NAME/,
    ],
  ])("answers a pull request %s with 400 naming the field (issue 21)", async (_name, body, why) => {
    const response = await postJson(`${url}/_sandbox/pulls`, body);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(why);
  });

  it("clicks a check run's button as a user, and refuses a button the run does not show", async () => {
    const { headSha } = sim.state().pulls[0] as { headSha: string };
    const run = sim.setCheck({
      repo: "zeromq/libzmq",
      sha: headSha,
      name: "C4",
      app: sim.appSlug,
      conclusion: "failure",
      actions: [{ label: "Check again", description: "Evaluate again", identifier: "recheck:1" }],
    });
    // No app listens here: test/sandbox/webhooks.test.ts checks the delivery itself.
    await json(
      await postJson(`${url}/_sandbox/check-runs/${run.id}/click`, {
        identifier: "recheck:1",
        by: "alice",
      }),
    );

    const refused = await postJson(`${url}/_sandbox/check-runs/${run.id}/click`, {
      identifier: "merge:1",
      by: "alice",
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /has no button "merge:1" \(its buttons: recheck:1\)/,
    );
  });

  it("answers a bad script with 400 and its reason", async () => {
    const response = await postJson(`${url}/_sandbox/pulls`, {
      repo: "nobody/none",
      author: "x",
      commits: [],
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /no repository nobody\/none/,
    );
  });
});
