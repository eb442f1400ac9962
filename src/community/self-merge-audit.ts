import type { Permission, PullSnapshot } from "../c4/index.ts";
import { hasPermission } from "../c4/permission.ts";
import type { ProcessEntry } from "./process-report.ts";

const HOUR_MS = 3_600_000;

export interface SelfMergeFacts {
  /** The merged pull request as it read after the merge. */
  snapshot: PullSnapshot;
  /** Who merged it by hand, and when. */
  mergedBy: string;
  mergedAt: string;
  /** Authors and times of the pull request's comments. */
  comments: { author: string; createdAt: string }[];
  permissions: Map<string, Permission>;
  quietHours: number;
  maintainerPermission: Permission;
}

/**
 * C4 2.4.13: "Maintainers SHOULD NOT merge their own patches except in
 * exceptional cases, such as non-responsiveness from other Maintainers for an
 * extended period (more than 1-2 days)." A maintainer who merged their own
 * pull request by hand within the quiet period, with no other maintainer's
 * review or comment before the merge, gets an audit note; anything else is
 * none of the report's business. Pure.
 */
export function selfMergeAudit(facts: SelfMergeFacts): ProcessEntry | null {
  const { snapshot, mergedBy, mergedAt } = facts;
  const author = snapshot.author.login.toLowerCase();
  if (mergedBy.toLowerCase() !== author) return null;
  const merged = Date.parse(mergedAt);
  const lastChange = Math.max(
    Date.parse(snapshot.createdAt),
    ...snapshot.commits.flatMap((commit) =>
      commit.committedAt ? [Date.parse(commit.committedAt)] : [],
    ),
  );
  const hours = (merged - lastChange) / HOUR_MS;
  if (hours >= facts.quietHours) return null;
  const isOtherMaintainer = (login: string) =>
    login.toLowerCase() !== author &&
    hasPermission(facts.permissions.get(login.toLowerCase()) ?? "none", facts.maintainerPermission);
  const responded =
    snapshot.reviews.some(
      (review) => Date.parse(review.submittedAt) <= merged && isOtherMaintainer(review.author),
    ) ||
    facts.comments.some(
      (comment) => Date.parse(comment.createdAt) <= merged && isOtherMaintainer(comment.author),
    );
  if (responded) return null;
  return {
    id: `self-merge:${snapshot.number}`,
    clause: "2.4.13",
    what: `@${mergedBy} merged their own pull request #${snapshot.number} by hand ${formatHours(hours)} after its last change, with no other maintainer's review or comment (quiet period: ${facts.quietHours} h)`,
    at: mergedAt,
  };
}

function formatHours(hours: number): string {
  return hours < 1 ? `${Math.max(0, Math.round(hours * 60))} min` : `${Math.round(hours)} h`;
}
