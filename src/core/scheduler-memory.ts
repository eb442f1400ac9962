import { Deque } from "./deque.ts";
import type { DeadLetter, Job } from "./job.ts";

/**
 * The last `limit` delivery ids accepted (KeyedScheduler's dedupe): a
 * delivery seen among them is a duplicate. Bounded: the oldest is forgotten.
 */
export class DeliveryMemory {
  readonly #seen = new Set<string>();
  readonly #order = new Deque<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(deliveryId: string): boolean {
    return this.#seen.has(deliveryId);
  }

  remember(deliveryId: string): void {
    this.#seen.add(deliveryId);
    this.#order.push(deliveryId);
    if (this.#order.length > this.#limit) this.#seen.delete(this.#order.shift() as string);
  }
}

/**
 * The dead-letter list: the last `limit` jobs that failed every attempt,
 * each with its error, and the entry behind it, to queue it again as it
 * was (its priority included) when a maintainer retries it.
 */
export class DeadLetters<E> {
  readonly #letters: DeadLetter[] = [];
  readonly #entries = new Map<string, E>();
  readonly #limit: number;
  readonly #describe: (entry: E) => Job;
  #seq = 0;

  constructor(limit: number, describe: (entry: E) => Job) {
    this.#limit = limit;
    this.#describe = describe;
  }

  get size(): number {
    return this.#letters.length;
  }

  bury(entry: E, error: string, attempts: number): void {
    const id = `dead-${++this.#seq}`;
    this.#entries.set(id, entry);
    this.#letters.push({
      id,
      job: this.#describe(entry),
      error,
      attempts,
      at: new Date().toISOString(),
    });
    if (this.#letters.length > this.#limit) {
      const forgotten = this.#letters.shift();
      if (forgotten) this.#entries.delete(forgotten.id);
    }
  }

  /** Takes a dead letter off the list: its entry, or undefined for an unknown id. */
  take(id: string): E | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    this.#letters.splice(
      this.#letters.findIndex((letter) => letter.id === id),
      1,
    );
    return entry;
  }

  list(): DeadLetter[] {
    return [...this.#letters];
  }
}
