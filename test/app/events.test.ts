import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { jobsForEvent } from "../../src/app/events.ts";

const APP_ID = 42;
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: { action?: string; installation?: unknown }[];
}[];

/** A real payload from GitHub's published examples, with an installation added. */
function example(name: string, action?: string): Record<string, unknown> {
  const found = examples
    .find((entry) => entry.name === name)
    ?.examples.find((payload) => action === undefined || payload.action === action);
  if (!found) throw new Error(`no example for ${name}.${action}`);
  return { ...structuredClone(found), installation: { id: 7 } } as Record<string, unknown>;
}

describe("jobsForEvent", () => {
  it("reports C4 on a merge queue's temporary commit on merge_group.checks_requested", () => {
    const payload = example("merge_group", "checks_requested");
    const repo = payload.repository as { name: string; owner: { login: string } };
    const jobs = jobsForEvent("merge_group", payload as never, APP_ID, "d-9");
    expect(jobs).toEqual([
      {
        kind: "group.check",
        key: `${repo.owner.login}/${repo.name}`,
        deliveryId: "d-9",
        payload: {
          installationId: 7,
          owner: repo.owner.login,
          repo: repo.name,
          // refs/heads/gh-readonly-queue/main/pr-104-929f82...: the queue names PR 104.
          sha: "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d",
          numbers: [104],
        },
      },
    ]);
    expect(
      jobsForEvent("merge_group", { ...payload, action: "destroyed" } as never, APP_ID),
    ).toEqual([]);
  });

  it.each(["opened", "edited", "synchronize", "reopened", "ready_for_review"])(
    "evaluates the pull request on pull_request.%s",
    (action) => {
      const payload = example("pull_request", action === "edited" ? undefined : "opened");
      payload.action = action;
      const pull = payload.pull_request as { number: number };
      const repo = payload.repository as { name: string; owner: { login: string } };
      const jobs = jobsForEvent("pull_request", payload as never, APP_ID, "d-1");
      expect(jobs).toEqual([
        {
          kind: "pull.evaluate",
          key: `${repo.owner.login}/${repo.name}#${pull.number}`.toLowerCase(),
          payload: {
            installationId: 7,
            owner: repo.owner.login,
            repo: repo.name,
            number: pull.number,
          },
          deliveryId: "d-1",
        },
      ]);
    },
  );

  it("ignores pull_request.closed and labels: they cannot make a patch correct", () => {
    const payload = example("pull_request", "closed");
    expect(jobsForEvent("pull_request", payload as never, APP_ID)).toEqual([]);
    payload.action = "labeled";
    expect(jobsForEvent("pull_request", payload as never, APP_ID)).toEqual([]);
  });

  it("evaluates on a review", () => {
    const payload = example("pull_request_review", "submitted");
    const jobs = jobsForEvent("pull_request_review", payload as never, APP_ID);
    expect(jobs.map((job) => job.kind)).toEqual(["pull.evaluate"]);
  });

  it("ignores the bot's own check runs, by app id and by name", () => {
    const payload = example("check_run", "completed");
    const run = payload.check_run as { app: { id: number }; name: string };
    run.app.id = APP_ID;
    expect(jobsForEvent("check_run", payload as never, APP_ID)).toEqual([]);
    run.app.id = 1;
    run.name = "C4";
    expect(jobsForEvent("check_run", payload as never, APP_ID)).toEqual([]);
  });

  it("maps a check run to its pull requests, or to a lookup by sha for forks", () => {
    const payload = example("check_run", "completed");
    const run = payload.check_run as {
      app: { id: number };
      name: string;
      head_sha: string;
      pull_requests: { number: number }[];
    };
    run.app.id = 1;
    run.name = "build";
    run.pull_requests = [{ number: 3 }, { number: 4 }];
    const jobs = jobsForEvent("check_run", payload as never, APP_ID, "d");
    expect(jobs.map((job) => [job.kind, job.key, job.deliveryId])).toEqual([
      ["pull.evaluate", expect.stringMatching(/#3$/), "d"],
      ["pull.evaluate", expect.stringMatching(/#4$/), "d/1"],
    ]);
    run.pull_requests = [];
    const [sweep] = jobsForEvent("check_run", payload as never, APP_ID);
    expect(sweep?.kind).toBe("repo.sweep");
    expect(sweep?.payload).toMatchObject({ sha: run.head_sha });
  });

  it("maps a click on the C4 run's button to a button job for the pull request it names", () => {
    const payload = example("check_run", "requested_action");
    const run = payload.check_run as { app: { id: number } };
    run.app.id = APP_ID;
    payload.requested_action = { identifier: "merge:26764" };
    const [job] = jobsForEvent("check_run", payload as never, APP_ID, "d");
    expect(job).toMatchObject({
      kind: "pull.button",
      key: "electron/electron#26764",
      deliveryId: "d",
      payload: { number: 26764, by: "codebytere", button: "merge" },
    });
  });

  it.each([
    ["another app's run", { appId: 1, identifier: "recheck:3" }],
    ["an identifier c4bot never set", { appId: APP_ID, identifier: "lgtm|26764" }],
    ["a bot's click", { appId: APP_ID, identifier: "recheck:3", bot: true }],
  ])("ignores a requested action on %s", (_name, spec) => {
    const payload = example("check_run", "requested_action");
    (payload.check_run as { app: { id: number } }).app.id = spec.appId;
    payload.requested_action = { identifier: spec.identifier };
    if ("bot" in spec) (payload.sender as { type: string }).type = "Bot";
    expect(jobsForEvent("check_run", payload as never, APP_ID)).toEqual([]);
  });

  it("maps a status to a lookup by sha", () => {
    const payload = example("status");
    const [job] = jobsForEvent("status", payload as never, APP_ID);
    expect(job?.kind).toBe("repo.sweep");
    expect(job?.payload).toMatchObject({ sha: payload.sha });
  });

  it("maps issue edits and closes to the pull requests that close the issue", () => {
    const payload = example("issues", "opened");
    payload.action = "closed";
    const issue = payload.issue as { number: number };
    const [job] = jobsForEvent("issues", payload as never, APP_ID);
    expect(job?.kind).toBe("repo.sweep");
    expect(job?.payload).toMatchObject({ issue: issue.number });
    payload.action = "labeled";
    expect(jobsForEvent("issues", payload as never, APP_ID)).toEqual([]);
  });

  it("takes /c4 comments on pull requests from people, never from bots", () => {
    const payload = example("issue_comment", "created");
    const issue = payload.issue as { pull_request?: unknown; number: number };
    const comment = payload.comment as { body: string; user: { login: string; type: string } };
    issue.pull_request = { url: "x" };
    comment.body = "/c4 merge to end the discussion";
    comment.user.type = "User";
    const [job] = jobsForEvent("issue_comment", payload as never, APP_ID);
    expect(job).toMatchObject({
      kind: "pull.command",
      payload: { number: issue.number, author: comment.user.login, body: comment.body },
    });
    comment.user.type = "Bot";
    expect(jobsForEvent("issue_comment", payload as never, APP_ID)).toEqual([]);
    comment.user.type = "User";
    comment.body = "thanks! /c4 is great";
    expect(jobsForEvent("issue_comment", payload as never, APP_ID)).toEqual([]);
    delete issue.pull_request;
    comment.body = "/c4 recheck";
    expect(jobsForEvent("issue_comment", payload as never, APP_ID)).toEqual([]);
  });

  it("sweeps every repository of a new installation, each job with its own delivery id", () => {
    const payload = example("installation", "created");
    const repositories = payload.repositories as { full_name: string }[];
    const jobs = jobsForEvent("installation", payload as never, APP_ID, "d");
    expect(jobs.map((job) => job.kind)).toEqual(repositories.map(() => "repo.sweep"));
    expect(new Set(jobs.map((job) => job.deliveryId)).size).toBe(jobs.length);
  });

  it("sweeps repositories added to an installation", () => {
    const payload = example("installation_repositories", "added");
    const added = payload.repositories_added as { full_name: string }[];
    const jobs = jobsForEvent("installation_repositories", payload as never, APP_ID);
    expect(jobs.map((job) => job.key)).toEqual(added.map((repo) => repo.full_name.toLowerCase()));
  });

  it("does nothing for events without an installation or of other kinds", () => {
    const payload = example("pull_request", "opened");
    delete payload.installation;
    expect(jobsForEvent("pull_request", payload as never, APP_ID)).toEqual([]);
    expect(jobsForEvent("star", example("star") as never, APP_ID)).toEqual([]);
  });
});
