import { describe, expect, it } from "vitest";
import { noValueJudgement } from "../../../src/c4/rules/no-value-judgement.ts";
import type { PullSnapshot } from "../../../src/c4/snapshot.ts";
import { config, review, snapshot } from "../fixtures.ts";

const PASS =
  "No review holds the patch; labels, milestones and approvals do not gate a correct patch.";
const requested = (names: string) =>
  `${names} requested changes; under C4 a correct patch is merged anyway, and value judgements come as patches.`;
const at = (hour: number) => `2024-05-10T${String(hour).padStart(2, "0")}:00:00Z`;

describe("no-value-judgement", () => {
  it.each<[string, Partial<PullSnapshot>, "pass" | "fail", string]>([
    ["no reviews", {}, "pass", PASS],
    [
      "labels and a milestone do not gate",
      { labels: ["wontfix", "needs-discussion"], milestone: "v5.0" },
      "pass",
      PASS,
    ],
    ["an approval", { reviews: [review()] }, "pass", PASS],
    ["a comment", { reviews: [review({ state: "COMMENTED" })] }, "pass", PASS],
    [
      "changes requested",
      { reviews: [review({ state: "CHANGES_REQUESTED" })] },
      "fail",
      requested("@bob"),
    ],
    [
      "changes requested by a non-maintainer too",
      { reviews: [review({ state: "CHANGES_REQUESTED", permission: "read" })] },
      "fail",
      requested("@bob"),
    ],
    [
      "two reviewers requested changes",
      {
        reviews: [
          review({ state: "CHANGES_REQUESTED", submittedAt: at(9) }),
          review({ author: "carol", state: "CHANGES_REQUESTED", submittedAt: at(10) }),
        ],
      },
      "fail",
      requested("@bob, @carol"),
    ],
    [
      "changes requested, then approved",
      {
        reviews: [
          review({ state: "CHANGES_REQUESTED", submittedAt: at(9) }),
          review({ submittedAt: at(10) }),
        ],
      },
      "pass",
      PASS,
    ],
    [
      "changes requested, then dismissed",
      {
        reviews: [
          review({ state: "CHANGES_REQUESTED", submittedAt: at(9) }),
          review({ state: "DISMISSED", submittedAt: at(10) }),
        ],
      },
      "pass",
      PASS,
    ],
    [
      "changes requested, then only a comment",
      {
        reviews: [
          review({ state: "CHANGES_REQUESTED", submittedAt: at(9) }),
          review({ state: "COMMENTED", submittedAt: at(10) }),
        ],
      },
      "fail",
      requested("@bob"),
    ],
    [
      "one reviewer's login in two cases is one reviewer",
      {
        reviews: [
          review({ author: "Bob", state: "CHANGES_REQUESTED", submittedAt: at(9) }),
          review({ author: "bob", submittedAt: at(10) }),
        ],
      },
      "pass",
      PASS,
    ],
  ])("%s", (_name, overrides, outcome, message) => {
    const result = noValueJudgement.evaluate(snapshot(overrides), config());
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    expect(result.fix).toBe(
      outcome === "pass"
        ? undefined
        : "Reviewers: if the patch is correct but could be better, send the improvement as a patch of your own (C4 2.4.14, 2.4.18).",
    );
  });
});
