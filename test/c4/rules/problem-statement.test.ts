import { describe, expect, it } from "vitest";
import type { C4ConfigInput } from "../../../src/c4/config.ts";
import { problemStatement } from "../../../src/c4/rules/problem-statement.ts";
import type { PullSnapshot } from "../../../src/c4/snapshot.ts";
import { commit, config, issue, sha, snapshot } from "../fixtures.ts";

function run(overrides: Partial<PullSnapshot>, input: C4ConfigInput = {}) {
  // A title and body that state nothing, unless the row says otherwise.
  const pull = snapshot({
    title: "Fix zmq_poll",
    body: "",
    closingIssues: [],
    commits: [commit({ message: "Fix zmq_poll\n\nRetry on EINTR." })],
    ...overrides,
  });
  return problemStatement.evaluate(pull, config(input));
}

const FIX_DEFAULT =
  'Write `Fixes #<number>` in the description to link the issue it solves, or state the problem there on a line starting "Problem:" (C4 2.4.10).';
const FIX_ISSUE =
  "Log the problem as an issue if there is none, and write `Fixes #<number>` in the pull request's description.";

describe("problem-statement", () => {
  it.each<[string, Partial<PullSnapshot>, C4ConfigInput, "pass" | "fail", string]>([
    ["an open closing issue", { closingIssues: [issue()] }, {}, "pass", "The patch solves #7."],
    [
      "an issue in another repository",
      { closingIssues: [issue({ repo: "zeromq/czmq", number: 12 })] },
      {},
      "pass",
      "The patch solves zeromq/czmq#12.",
    ],
    [
      "this repository, named in other case",
      { closingIssues: [issue({ repo: "ZeroMQ/LibZMQ" })] },
      {},
      "pass",
      "The patch solves #7.",
    ],
    [
      "one open, one closed: the open ones are named",
      { closingIssues: [issue({ state: "closed", number: 3 }), issue({ number: 8 })] },
      {},
      "pass",
      "The patch solves #8.",
    ],
    [
      "a closed closing issue",
      { closingIssues: [issue({ state: "closed" })] },
      {},
      "fail",
      "The issue it closes (#7) is already closed, so the patch answers no open problem.",
    ],
    [
      "two closed closing issues",
      {
        closingIssues: [
          issue({ state: "closed" }),
          issue({ state: "closed", repo: "zeromq/czmq", number: 2 }),
        ],
      },
      {},
      "fail",
      "The issues it closes (#7, zeromq/czmq#2) are already closed, so the patch answers no open problem.",
    ],
    [
      "nothing at all",
      {},
      {},
      "fail",
      "The pull request names no problem: it closes no issue, and neither it nor every commit states one.",
    ],
    [
      "title Problem: ...",
      { title: "Problem: zmq_poll ignores EINTR" },
      {},
      "pass",
      'The pull request states its problem: "Problem: zmq_poll ignores EINTR".',
    ],
    [
      "title problem: in lowercase",
      { title: "problem: zmq_poll ignores EINTR" },
      {},
      "pass",
      'The pull request states its problem: "problem: zmq_poll ignores EINTR".',
    ],
    [
      "title problem: in lowercase, even with caseSensitive commits",
      { title: "problem: zmq_poll ignores EINTR" },
      { rules: { "commit-message": { caseSensitive: true } } },
      "pass",
      'The pull request states its problem: "problem: zmq_poll ignores EINTR".',
    ],
    [
      "body line Problem:",
      { body: "Some words.\r\n\r\nProblem: the poll loop spins\r\n\r\nSolution: retry" },
      {},
      "pass",
      'The pull request states its problem: "Problem: the poll loop spins".',
    ],
    [
      "body line **Problem:** in bold",
      { body: "**Problem:** the poll loop spins" },
      {},
      "pass",
      'The pull request states its problem: "Problem: the poll loop spins".',
    ],
    [
      "body heading ## Problem: ...",
      { body: "## Problem: the poll loop spins" },
      {},
      "pass",
      'The pull request states its problem: "Problem: the poll loop spins".',
    ],
    [
      "body quote > Problem: ...",
      { body: "> Problem: the poll loop spins" },
      {},
      "pass",
      'The pull request states its problem: "Problem: the poll loop spins".',
    ],
    [
      "Problem: with nothing after it is not a statement",
      { title: "Problem:", body: "Problem:   \n**Problem:**\n## Problem: **" },
      {},
      "fail",
      "The pull request names no problem: it closes no issue, and neither it nor every commit states one.",
    ],
    [
      "Problem: in the middle of a line is not a statement",
      { body: "This fixes the Problem: spinning" },
      {},
      "fail",
      "The pull request names no problem: it closes no issue, and neither it nor every commit states one.",
    ],
    [
      "custom problem prefix from commit-message",
      { body: "Issue: the poll loop spins" },
      { rules: { "commit-message": { problemPrefix: "Issue:" } } },
      "pass",
      'The pull request states its problem: "Issue: the poll loop spins".',
    ],
    [
      "body Problems: over a list",
      { body: "Problems:\n\n* the poll loop spins\n* the socket leaks" },
      {},
      "pass",
      'The pull request states its problem: "Problems: the poll loop spins".',
    ],
    [
      "body Problems: with the problem on its line",
      { body: "PROBLEMS: the poll loop spins; the socket leaks" },
      {},
      "pass",
      'The pull request states its problem: "PROBLEMS: the poll loop spins; the socket leaks".',
    ],
    [
      "title Problem : with a space before the colon",
      { title: "Problem : zmq_poll ignores EINTR" },
      {},
      "pass",
      'The pull request states its problem: "Problem : zmq_poll ignores EINTR".',
    ],
    [
      "every commit states its problem",
      {
        commits: [
          commit(),
          commit({ sha: sha(2), message: "problem : the socket leaks\n\nSolution: close it" }),
        ],
      },
      {},
      "pass",
      "Each of its 2 commits states its problem on its first line.",
    ],
    [
      "one commit states its problem",
      { commits: [commit()] },
      {},
      "pass",
      "The commit states its problem on its first line.",
    ],
    [
      "a merge commit does not count against the commits",
      {
        commits: [commit(), commit({ sha: sha(2), message: "Merge branch 'master'", parents: 2 })],
      },
      {},
      "pass",
      "The commit states its problem on its first line.",
    ],
    [
      "only some commits state their problem",
      { commits: [commit(), commit({ sha: sha(2), message: "wip" })] },
      {},
      "fail",
      "The pull request names no problem: it closes no issue, and neither it nor every commit states one.",
    ],
    [
      "requireIssue with every commit stating its problem",
      { commits: [commit()] },
      { rules: { "problem-statement": { requireIssue: true } } },
      "fail",
      "The pull request links no issue, and this project asks for one.",
    ],
    [
      "requireIssue with a statement but no issue",
      { title: "Problem: zmq_poll ignores EINTR" },
      { rules: { "problem-statement": { requireIssue: true } } },
      "fail",
      "The pull request links no issue, and this project asks for one.",
    ],
    [
      "requireIssue with an open issue",
      { closingIssues: [issue()] },
      { rules: { "problem-statement": { requireIssue: true } } },
      "pass",
      "The patch solves #7.",
    ],
    [
      "requireIssue with a closed issue",
      { closingIssues: [issue({ state: "closed" })] },
      { rules: { "problem-statement": { requireIssue: true } } },
      "fail",
      "The issue it closes (#7) is already closed, so the patch answers no open problem.",
    ],
  ])("%s", (_name, overrides, input, outcome, message) => {
    const result = run(overrides, input);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    if (outcome === "pass") expect(result.fix).toBeUndefined();
  });

  it.each<[string, C4ConfigInput, string]>([
    ["by default", {}, FIX_DEFAULT],
    ["with requireIssue", { rules: { "problem-statement": { requireIssue: true } } }, FIX_ISSUE],
  ])("gives the fix %s", (_name, input, fix) => {
    expect(run({}, input).fix).toBe(fix);
  });

  it("cuts a long statement to 100 characters", () => {
    const title = `Problem: ${"x".repeat(200)}`;
    const { message } = run({ title });
    expect(message).toBe(`The pull request states its problem: "${title.slice(0, 99)}…".`);
  });
});
