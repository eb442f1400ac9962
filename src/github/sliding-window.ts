/**
 * A count of what was spent in the last `windowMs`: GitHub's secondary limits
 * read as "no more than N in any minute (or hour)", so a fixed window that
 * resets on the minute would allow twice the cap across its edge.
 */
export class SlidingWindow {
  /** Spending, oldest first: [time, cost]. */
  readonly #spent: [number, number][] = [];
  #total = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** What was spent in the window that ends at `now`. */
  used(now: number): number {
    this.#prune(now);
    return this.#total;
  }

  /**
   * Milliseconds from `now` until `cost` more fits under `ceiling` (the limit,
   * or less to keep a reserve); 0 when it fits now. A cost over the ceiling
   * waits for an empty window.
   */
  waitMs(now: number, cost: number, ceiling = this.limit): number {
    this.#prune(now);
    let over = this.#total + cost - ceiling;
    if (over <= 0) return 0;
    for (const [at, spent] of this.#spent) {
      over -= spent;
      if (over <= 0) return Math.max(1, at + this.windowMs - now);
    }
    const newest = this.#spent.at(-1);
    return newest ? Math.max(1, newest[0] + this.windowMs - now) : 0;
  }

  spend(now: number, cost: number): void {
    this.#prune(now);
    const newest = this.#spent.at(-1);
    // Spending in the same millisecond shares one entry: the list stays short.
    if (newest && newest[0] === now) newest[1] += cost;
    else this.#spent.push([now, cost]);
    this.#total += cost;
  }

  #prune(now: number): void {
    let drop = 0;
    while (
      drop < this.#spent.length &&
      (this.#spent[drop] as [number, number])[0] <= now - this.windowMs
    ) {
      this.#total -= (this.#spent[drop] as [number, number])[1];
      drop++;
    }
    if (drop > 0) this.#spent.splice(0, drop);
  }
}
