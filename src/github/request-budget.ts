/**
 * How many GitHub requests one run of a walking job (stale sweep, suggestions,
 * release notes, reports) may still make. GitHub's rate limit (5,000 requests an
 * hour per installation) is c4bot's real ceiling, so a job that walks a big
 * repository stops cleanly at its budget, says so, and leaves the rest for
 * its next run rather than starving the pull requests' checks.
 */
export class RequestBudget {
  #used = 0;

  constructor(readonly limit: number) {}

  /** Takes one request from the budget; false when none is left. */
  take(): boolean {
    if (this.#used >= this.limit) return false;
    this.#used += 1;
    return true;
  }

  get used(): number {
    return this.#used;
  }

  get exhausted(): boolean {
    return this.#used >= this.limit;
  }
}

/** What a walk found, and whether it saw everything or stopped at the budget. */
export interface Walked<T> {
  items: T[];
  complete: boolean;
}

/** Items per page of GitHub's REST lists that the walks ask for (the most it gives). */
export const PAGE_SIZE = 100;

/**
 * Walks a REST list page by page: `fetchPage(page)` makes one request for
 * PAGE_SIZE items and returns them mapped. Each page takes a request from the
 * budget; the walk is complete at a short page or at `maxItems`, and stops
 * incomplete when the budget runs out.
 */
export async function walkPages<T>(
  budget: RequestBudget,
  fetchPage: (page: number) => Promise<T[]>,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<Walked<T>> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    if (!budget.take()) return { items, complete: false };
    const found = await fetchPage(page);
    items.push(...found);
    if (found.length < PAGE_SIZE || items.length >= maxItems) return { items, complete: true };
  }
}
