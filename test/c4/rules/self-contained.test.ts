import { describe, expect, it } from "vitest";
import { selfContained } from "../../../src/c4/rules/self-contained.ts";
import type { PullSnapshot } from "../../../src/c4/snapshot.ts";
import { commit, config, issue, sha, snapshot } from "../fixtures.ts";

const merge = commit({ sha: sha(2), message: "Merge branch 'master' into fix-poll", parents: 2 });
const MERGE_PROBLEM = "a merge commit inside the patch: rebase instead of merging";

describe("self-contained", () => {
  it.each<[string, Partial<PullSnapshot>, "pass" | "fail" | "warn", string]>([
    ["a straight line", {}, "pass", "The patch is a straight line of commits."],
    [
      "a draft: no fault of the patch (evaluate reports drafts)",
      { draft: true },
      "pass",
      "The patch is a straight line of commits.",
    ],
    [
      "a merge commit inside",
      { commits: [commit(), merge] },
      "fail",
      "The patch has 1 merge commit inside it; a patch is a straight line of commits.",
    ],
    [
      "two merge commits inside",
      { commits: [merge, commit(), { ...merge, sha: sha(3) }] },
      "fail",
      "The patch has 2 merge commits inside it; a patch is a straight line of commits.",
    ],
    [
      "a draft with a merge commit: the merge commit is said",
      { draft: true, commits: [merge] },
      "fail",
      "The patch has 1 merge commit inside it; a patch is a straight line of commits.",
    ],
    [
      "two closing issues",
      { closingIssues: [issue(), issue({ number: 8 })] },
      "warn",
      "The patch closes 2 issues (#7, #8); C4 asks for one problem per patch.",
    ],
    [
      "two closing issues, one in another repository",
      { closingIssues: [issue(), issue({ repo: "zeromq/czmq", number: 8 })] },
      "warn",
      "The patch closes 2 issues (#7, zeromq/czmq#8); C4 asks for one problem per patch.",
    ],
    ["no closing issue", { closingIssues: [] }, "pass", "The patch is a straight line of commits."],
  ])("%s", (_name, overrides, outcome, message) => {
    const result = selfContained.evaluate(snapshot(overrides), config());
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    if (outcome === "pass") expect(result.fix).toBeUndefined();
    else expect(result.fix).toBeTruthy();
  });

  it("lists the merge commit among the commits, with what is wrong", () => {
    const result = selfContained.evaluate(snapshot({ commits: [commit(), merge] }), config());
    expect(result.commits).toEqual([
      { sha: sha(1), subject: "Problem: zmq_poll ignores EINTR", outcome: "pass", problems: [] },
      {
        sha: sha(2),
        subject: "Merge branch 'master' into fix-poll",
        outcome: "fail",
        problems: [MERGE_PROBLEM],
      },
    ]);
    expect(result.fix).toBe(
      [
        "Replay your commits on top of master without the merge, then update the pull request:",
        "    git fetch upstream && git rebase upstream/master",
        "    git push --force-with-lease",
      ].join("\n"),
    );
  });
});
