import type { Rule } from "../result.ts";
import { standingReviews } from "./reviews.ts";

/**
 * C4 2.4.14: "Maintainers SHALL NOT make value judgments on correct patches."
 * And 2.4.18: "Any Contributor who has value judgments on a patch SHOULD
 * express these via their own patches." Milestones, labels and approvals never
 * gate a correct patch. A "changes requested" review gets a reminder; at level
 * `block` it holds the merge until it is dismissed or turned into an approval.
 */
export const noValueJudgement: Rule = {
  id: "no-value-judgement",
  clause: "2.4.14",
  scope: "pull",
  evaluate(snapshot) {
    const requesters = standingReviews(snapshot.reviews)
      .filter((review) => review.state === "CHANGES_REQUESTED")
      .map((review) => `@${review.author}`);
    if (requesters.length > 0) {
      return {
        outcome: "fail",
        message: `${requesters.join(", ")} requested changes; under C4 a correct patch is merged anyway, and value judgements come as patches.`,
        fix: "Reviewers: if the patch is correct but could be better, send the improvement as a patch of your own (C4 2.4.14, 2.4.18).",
      };
    }
    return {
      outcome: "pass",
      message:
        "No review holds the patch; labels, milestones and approvals do not gate a correct patch.",
    };
  },
};
