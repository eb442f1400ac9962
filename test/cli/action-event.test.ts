import { describe, expect, it } from "vitest";
import { actionTarget } from "../../src/cli/action-event.ts";

const repository = { name: "libzmq", owner: { login: "zeromq" } };

describe("actionTarget", () => {
  it.each([
    ["pull_request", { repository, pull_request: { number: 7 } }, 7],
    ["pull_request_target", { repository, pull_request: { number: 8 } }, 8],
    [
      "merge_group",
      { repository, merge_group: { head_ref: "refs/heads/gh-readonly-queue/main/pr-104-929f82" } },
      104,
    ],
    [
      "merge_group",
      {
        repository,
        merge_group: { head_ref: "refs/heads/gh-readonly-queue/release/4.3/pr-9-abc123" },
      },
      9,
    ],
  ])("reads %s", (event, payload, number) => {
    expect(actionTarget(event, payload)).toEqual({ owner: "zeromq", repo: "libzmq", number });
  });

  it.each([
    ["push", { repository }, /not push/],
    ["", { repository }, /not \(no GITHUB_EVENT_NAME\)/],
    ["pull_request", { repository }, /names no pull request/],
    ["pull_request", { pull_request: { number: 1 } }, /names no repository/],
    [
      "merge_group",
      { repository, merge_group: { head_ref: "refs/heads/main" } },
      /not a merge queue branch/,
    ],
  ])("refuses %j with one line", (event, payload, reason) => {
    expect(() => actionTarget(event, payload)).toThrow(reason);
  });
});
