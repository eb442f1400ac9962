/**
 * A sliding window of weighted events: what "no more than N per minute" sees
 * at any instant. GitHub does not say whether its windows are fixed or
 * sliding, so the simulator takes the strictest reading: any span of
 * `windowMs` holds at most the cap.
 */
export class SlidingWindow {
  readonly #windowMs: number;
  #events: { at: number; weight: number }[] = [];

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** The weight of the events in `(now - windowMs, now]`. */
  total(now: number): number {
    this.#expire(now);
    return this.#events.reduce((sum, event) => sum + event.weight, 0);
  }

  add(now: number, weight: number): void {
    this.#events.push({ at: now, weight });
  }

  /**
   * The earliest time at or after `now` when `weight` more fits under `cap`:
   * `now` itself when it fits already, else when enough of the oldest events
   * have left the window (never, for a weight above the cap: a full window).
   */
  admitsAt(now: number, weight: number, cap: number): number {
    let total = this.total(now);
    if (total + weight <= cap) return now;
    for (const event of this.#events) {
      total -= event.weight;
      if (total + weight <= cap) return event.at + this.#windowMs;
    }
    return now + this.#windowMs;
  }

  clear(): void {
    this.#events = [];
  }

  #expire(now: number): void {
    const from = now - this.#windowMs;
    const firstLive = this.#events.findIndex((event) => event.at > from);
    this.#events = firstLive === -1 ? [] : this.#events.slice(firstLive);
  }
}
