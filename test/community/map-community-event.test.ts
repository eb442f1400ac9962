import { describe, expect, it } from "vitest";
import { communityJobsFor } from "../../src/community/map-community-event.ts";

const envelope = {
  installation: { id: 7 },
  repository: { name: "libzmq", owner: { login: "zeromq" }, default_branch: "main" },
  sender: { login: "alice", type: "User" },
};
const user = (login: string, type = "User") => ({ login, type });
const kinds = (name: string, payload: object, appId = 1) =>
  communityJobsFor(name, { ...envelope, ...payload } as never, appId).map((job) => [
    job.kind,
    job.key,
  ]);

describe("communityJobsFor: webhooks to community jobs, no GitHub calls", () => {
  it.each<[string, string, object, string[][]]>([
    [
      "a newcomer's issue: welcome and triage",
      "issues",
      { action: "opened", issue: { number: 3, user: user("bob"), author_association: "NONE" } },
      [
        ["community.welcome", "zeromq/libzmq#3"],
        ["community.triage", "zeromq/libzmq#3"],
      ],
    ],
    [
      "a maintainer's issue: triage only",
      "issues",
      {
        action: "opened",
        issue: { number: 3, user: user("pieter"), author_association: "MEMBER" },
      },
      [["community.triage", "zeromq/libzmq#3"]],
    ],
    [
      "a bot's issue (c4bot's own reports): nothing",
      "issues",
      { action: "opened", issue: { number: 3, user: user("c4bot[bot]", "Bot") } },
      [],
    ],
    [
      "an edited issue with labels: triage again",
      "issues",
      {
        action: "edited",
        issue: { number: 3, user: user("bob"), labels: [{ name: "needs-problem" }] },
      },
      [["community.triage", "zeromq/libzmq#3"]],
    ],
    [
      "an edited issue without labels: nothing to take off",
      "issues",
      { action: "edited", issue: { number: 3, user: user("bob"), labels: [] } },
      [],
    ],
    [
      "a merged pull request: follow-up and suggestions",
      "pull_request",
      { action: "closed", pull_request: { number: 4, merged: true, user: user("alice") } },
      [
        ["community.follow-up", "zeromq/libzmq#4"],
        ["community.suggest", "zeromq/libzmq"],
      ],
    ],
    [
      "a closed, unmerged pull request: nothing",
      "pull_request",
      { action: "closed", pull_request: { number: 4, merged: false, user: user("alice") } },
      [],
    ],
    [
      "a push to the default branch",
      "push",
      { ref: "refs/heads/main", commits: [{ id: "abc" }], pusher: { name: "pieter" } },
      [["community.process", "zeromq/libzmq"]],
    ],
    [
      "a new topic branch",
      "push",
      { ref: "refs/heads/topic", created: true, commits: [], after: "abc" },
      [["community.process", "zeromq/libzmq"]],
    ],
    [
      "a push to an existing topic branch: reported when created",
      "push",
      { ref: "refs/heads/topic", created: false, commits: [{ id: "abc" }] },
      [],
    ],
    [
      "a new tag",
      "push",
      { ref: "refs/tags/v1", created: true, after: "abc" },
      [["community.process", "zeromq/libzmq"]],
    ],
    ["a deleted branch", "push", { ref: "refs/heads/topic", deleted: true }, []],
    [
      "a red check suite on the default branch",
      "check_suite",
      {
        action: "completed",
        check_suite: {
          head_sha: "abc",
          head_branch: "main",
          conclusion: "failure",
          app: { id: 9 },
        },
      },
      [["community.process", "zeromq/libzmq"]],
    ],
    [
      "c4bot's own suite: not a build",
      "check_suite",
      {
        action: "completed",
        check_suite: {
          head_sha: "abc",
          head_branch: "main",
          conclusion: "failure",
          app: { id: 1 },
        },
      },
      [],
    ],
    [
      "a red status on the default branch",
      "status",
      { sha: "abc", state: "error", context: "ci/jenkins", branches: [{ name: "main" }] },
      [["community.process", "zeromq/libzmq"]],
    ],
    [
      "a release published without notes",
      "release",
      { action: "published", release: { id: 5, body: "", draft: false } },
      [
        ["community.release-notes", "zeromq/libzmq"],
        ["community.contract-report", "zeromq/libzmq"],
      ],
    ],
    [
      "a release with notes: the contract report only",
      "release",
      { action: "published", release: { id: 5, body: "Hand-written.", draft: false } },
      [["community.contract-report", "zeromq/libzmq"]],
    ],
    [
      "a draft release",
      "release",
      { action: "published", release: { id: 5, body: "", draft: true } },
      [],
    ],
  ])("%s", (_name, event, payload, expected) => {
    expect(kinds(event, payload)).toEqual(expected);
  });

  it("needs an installation", () => {
    expect(
      communityJobsFor(
        "issues",
        { action: "opened", issue: { number: 1, user: user("bob") } } as never,
        1,
      ),
    ).toEqual([]);
  });
});
