import type { Review } from "../snapshot.ts";

/**
 * Each reviewer's standing review, as GitHub counts it: their latest approval,
 * change request or dismissal. Comments do not change where a reviewer stands.
 */
export function standingReviews(reviews: Review[]): Review[] {
  const byAuthor = new Map<string, Review>();
  // Compare instants, not strings: offsets and fractional seconds break text order.
  const ordered = [...reviews].sort(
    (a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt),
  );
  for (const review of ordered) {
    if (review.state === "COMMENTED" || review.state === "PENDING") continue;
    byAuthor.set(review.author.toLowerCase(), review);
  }
  return [...byAuthor.values()];
}
