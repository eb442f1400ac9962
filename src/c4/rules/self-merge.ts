import { hasPermission } from "../permission.ts";
import type { Rule } from "../result.ts";
import { standingReviews } from "./reviews.ts";

const HOUR_MS = 3_600_000;

/**
 * C4 2.4.13: "Maintainers SHOULD NOT merge their own patches except in
 * exceptional cases, such as non-responsiveness from other Maintainers for an
 * extended period (more than 1-2 days)." A maintainer's own correct patch
 * merges after another maintainer approves it, or after a quiet period
 * counted from its last commit.
 */
export const selfMerge: Rule = {
  id: "self-merge",
  clause: "2.4.13",
  scope: "pull",
  evaluate(snapshot, config) {
    const minimum = config.maintainerPermission;
    const { quietHours } = config.rules["self-merge"];
    const author = snapshot.author.login.toLowerCase();
    if (!hasPermission(snapshot.author.permission, minimum)) {
      return {
        outcome: "skip",
        message: "The author is not a maintainer: no self-merge question.",
      };
    }
    const approver = standingReviews(snapshot.reviews).find(
      (review) =>
        review.state === "APPROVED" &&
        review.author.toLowerCase() !== author &&
        hasPermission(review.permission, minimum),
    );
    if (approver) {
      return {
        outcome: "pass",
        message: `A maintainer's own patch, approved by another maintainer, @${approver.author}.`,
      };
    }
    const lastCommit = snapshot.commits
      .map((commit) => commit.committedAt)
      .filter((time): time is string => time !== undefined)
      .map((time) => Date.parse(time));
    const since = Math.max(Date.parse(snapshot.createdAt), ...lastCommit);
    const until = since + quietHours * HOUR_MS;
    if (Date.parse(snapshot.now) >= until) {
      return {
        outcome: "pass",
        message: `A maintainer's own patch; no other maintainer answered within ${quietHours} hours, so it may merge.`,
      };
    }
    const untilIso = new Date(until).toISOString();
    return {
      outcome: "pending",
      message: `A maintainer's own patch waits for another maintainer's approval, or until ${untilIso} (${quietHours} hours after its last change).`,
      fix: "Another maintainer can approve it; otherwise c4bot merges it when the quiet period ends.",
      recheckAt: untilIso,
    };
  },
};
