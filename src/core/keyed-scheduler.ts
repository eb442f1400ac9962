import { Deque } from "./deque.ts";
import { KeyTable } from "./hash-table.ts";
import type { DeadLetter, QueueStats } from "./job.ts";
import { DeadLetters, DeliveryMemory } from "./scheduler-memory.ts";
import {
  type KeyedSchedulerOptions,
  type Scheduled,
  type SchedulerSettings,
  withDefaults,
} from "./scheduler-options.ts";

/** What became of an offered job: EnqueueResult, or why it was refused. */
export type Admission = "queued" | "coalesced" | "duplicate" | "busy" | "closed";

export type SchedulerStats = Required<QueueStats>;

/** Which ready list holds a key. */
const NOT_READY = 0;
const NORMAL = 1;
const BACKGROUND = 2;

interface KeyState<E> {
  readonly name: string;
  running: boolean;
  waiting: E[];
  /** Background jobs among `waiting`. */
  background: number;
  /** NOT_READY, or the ready list it is in (a list may hold stale references: skipped). */
  ready: number;
}

/**
 * The pipeline's scheduling, shared by LocalQueue and the Broker, which add
 * only how jobs run (in process, or on workers over sockets). Per key, one
 * job runs at a time in arrival order; an equal waiting job is coalesced;
 * delivery ids are deduped once accepted; failures are retried with
 * backoff, then dead-lettered; delayed jobs wait on timers; depth is
 * bounded. Ready keys are served normal first; a background job only while
 * a slot stays free for normal work.
 *
 * The owner asks `next(free)` for a job to run, and hands every job it got
 * back exactly once: `done`, `failed`, `retryLater`, `lost` or `handBack`.
 * `onSettled` hears when a job is finished with (done or dead-lettered).
 */
export class KeyedScheduler<E extends Scheduled> {
  /** Per key: not a Map, which churned once per job keeps jobs alive (hash-table.ts). */
  readonly #keys = new KeyTable<KeyState<E>>();
  /** Ready keys (a waiting job, none running) by their head's priority, in the order they became ready. */
  readonly #normal = new Deque<KeyState<E>>();
  #background = new Deque<KeyState<E>>();
  readonly #timers = new Set<unknown>();
  readonly #deliveries: DeliveryMemory;
  readonly #dead: DeadLetters<E>;
  readonly #options: SchedulerSettings<E>;
  #waiting = 0;
  #backgroundWaiting = 0;
  #running = 0;
  #closed = false;
  readonly #counts = {
    done: 0,
    failed: 0,
    retried: 0,
    coalesced: 0,
    duplicates: 0,
    deadLettered: 0,
  };

  constructor(options: KeyedSchedulerOptions<E>) {
    this.#options = withDefaults(options);
    this.#deliveries = new DeliveryMemory(this.#options.deliveryMemory);
    this.#dead = new DeadLetters(this.#options.deadLetterMemory, this.#options.describe);
  }

  /** Waiting plus delayed jobs: what `maxDepth` bounds. */
  get depth(): number {
    return this.#waiting + this.#timers.size;
  }

  /** Jobs handed out by `next` and not yet handed back. */
  get inFlight(): number {
    return this.#running;
  }

  /** Nothing waits or runs (delayed jobs excepted). */
  isIdle(): boolean {
    return this.#waiting === 0 && this.#running === 0;
  }

  /**
   * Takes a new job. Its delivery id is remembered only once it is
   * accepted: GitHub's redelivery of one refused `busy` or `closed` runs.
   */
  enqueue(entry: E, deliveryId: string | undefined, delayMs: number): Admission {
    if (this.#closed) return "closed";
    if (deliveryId && this.#deliveries.has(deliveryId)) {
      this.#counts.duplicates++;
      return "duplicate";
    }
    if (this.depth >= this.#options.maxDepth) return "busy";
    if (deliveryId) this.#deliveries.remember(deliveryId);
    if (delayMs > 0) {
      this.#later(entry, delayMs);
      return "queued";
    }
    return this.#admit(entry);
  }

  /**
   * The next job to run, given `free` slots (this one's included), or
   * undefined. Normal keys first; a background one only while `free`
   * exceeds the reserve or nothing runs.
   */
  next(free: number): E | undefined {
    if (this.#closed) return undefined;
    let key = this.#normal.shift();
    while (key !== undefined && key.ready !== NORMAL) key = this.#normal.shift();
    if (key === undefined) {
      if (this.#backgroundWaiting === 0) return undefined;
      if (free <= this.#options.backgroundReserve && this.#running > 0) return undefined;
      key = this.#background.shift();
      while (key !== undefined && key.ready !== BACKGROUND) key = this.#background.shift();
      if (key === undefined) return undefined;
    }
    const entry = key.waiting.shift() as E;
    key.ready = NOT_READY;
    key.running = true;
    this.#waiting--;
    this.#running++;
    if (entry.background) {
      key.background--;
      this.#backgroundWaiting--;
    }
    return entry;
  }

  done(entry: E): void {
    this.#release(entry);
    this.#counts.done++;
    this.#options.onSettled?.(entry, "done");
  }

  /**
   * It threw: retried with backoff, or dead-lettered after `maxAttempts`;
   * at once when `permanent` (PermanentJobError: running it again cannot help).
   */
  failed(entry: E, error: string, permanent = false): void {
    this.#release(entry);
    if (this.#closed) return;
    this.#counts.failed++;
    if (permanent) this.#bury(entry, error);
    else this.#retryOrBury(entry, error);
  }

  /** It asked to run again after `delayMs` (GitHub's retry-after): not a failure. */
  retryLater(entry: E, delayMs: number): void {
    this.#release(entry);
    if (this.#closed) return;
    this.#counts.retried++;
    this.#later(entry, delayMs);
  }

  /**
   * Its worker was lost while running it: back to the front of its key with
   * the attempt counted (a job that kills every worker ends in the dead letters).
   */
  lost(entry: E, error: string): void {
    if (entry.attempt >= this.#options.maxAttempts) {
      this.#counts.failed++;
      this.#release(entry);
      this.#retryOrBury(entry, error);
      return;
    }
    this.#counts.retried++;
    entry.attempt++;
    this.#requeue(entry);
  }

  /** Not run (a worker handed it back): back to the front of its key, attempt unchanged. */
  handBack(entry: E): void {
    this.#requeue(entry);
  }

  deadLetters(): DeadLetter[] {
    return this.#dead.list();
  }

  /** Queues a dead letter's job again as it was, with fresh attempts; false for an unknown id. */
  retryDeadLetter(id: string): boolean {
    if (this.#closed) return false;
    const entry = this.#dead.take(id);
    if (entry === undefined) return false;
    this.#admit(this.#options.again(entry, 1));
    return true;
  }

  /** Takes no more jobs, hands none out, and drops the delayed ones. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) this.#options.timers.clearTimeout(timer);
    this.#timers.clear();
  }

  stats(): SchedulerStats {
    return {
      depth: this.#waiting,
      delayed: this.#timers.size,
      inFlight: this.#running,
      background: this.#backgroundWaiting,
      ...this.#counts,
    };
  }

  #admit(entry: E): "queued" | "coalesced" {
    const key = this.#key(entry.key);
    const waiting = key.waiting;
    // The handler always reads fresh state, so one waiting run serves both.
    for (let i = 0; i < waiting.length; i++) {
      if (this.#options.same(waiting[i] as E, entry)) {
        this.#counts.coalesced++;
        if (!entry.background) this.#promote(key, i);
        return "coalesced";
      }
    }
    entry.readyAt = this.#options.now();
    waiting.push(entry);
    this.#waiting++;
    if (entry.background) {
      key.background++;
      this.#backgroundWaiting++;
    } else if (key.background > 0) {
      this.#promote(key, waiting.length - 1);
    }
    if (!key.running && waiting.length === 1) this.#ready(key, false);
    return "queued";
  }

  /** A normal job waits at `upto`: it and every job ahead of it in its key become normal. */
  #promote(key: KeyState<E>, upto: number): void {
    for (let i = 0; i <= upto && key.background > 0; i++) {
      const waiting = key.waiting[i] as E;
      if (!waiting.background) continue;
      waiting.background = false;
      key.background--;
      this.#backgroundWaiting--;
    }
    if (key.ready === BACKGROUND) {
      key.ready = NORMAL;
      this.#normal.push(key);
      // Its reference in the background list is now stale (skipped when
      // reached); with no background job left, every one there is.
      if (this.#backgroundWaiting === 0) this.#background = new Deque();
    }
  }

  /** Puts a job that was running back at the front of its key, which becomes ready first. */
  #requeue(entry: E): void {
    this.#running--;
    const key = this.#key(entry.key);
    key.running = false;
    const equal = key.waiting.findIndex((waiting) => this.#options.same(waiting, entry));
    if (equal >= 0) {
      this.#counts.coalesced++;
      if (!entry.background) this.#promote(key, equal);
    } else {
      // A normal job waits behind it: it must not hold that one back.
      if (entry.background && key.waiting.length > key.background) entry.background = false;
      entry.readyAt = this.#options.now();
      key.waiting.unshift(entry);
      this.#waiting++;
      if (entry.background) {
        key.background++;
        this.#backgroundWaiting++;
      }
    }
    if (key.waiting.length > 0) this.#ready(key, true);
    else this.#keys.delete(key.name);
  }

  /** A job handed out is back: its key is free again. */
  #release(entry: E): void {
    this.#running--;
    const key = this.#keys.get(entry.key);
    if (!key) return;
    key.running = false;
    if (key.waiting.length > 0) this.#ready(key, false);
    else this.#keys.delete(key.name);
  }

  #ready(key: KeyState<E>, front: boolean): void {
    const background = (key.waiting[0] as E).background;
    key.ready = background ? BACKGROUND : NORMAL;
    const list = background ? this.#background : this.#normal;
    if (front) list.unshift(key);
    else list.push(key);
  }

  #key(name: string): KeyState<E> {
    let key = this.#keys.get(name);
    if (!key) {
      key = { name, running: false, waiting: [], background: 0, ready: NOT_READY };
      this.#keys.set(name, key);
    }
    return key;
  }

  #retryOrBury(entry: E, error: string): void {
    if (entry.attempt < this.#options.maxAttempts) {
      this.#counts.retried++;
      this.#later(
        this.#options.again(entry, entry.attempt + 1),
        this.#options.backoffMs(entry.attempt),
      );
      return;
    }
    this.#bury(entry, error);
  }

  #bury(entry: E, error: string): void {
    this.#counts.deadLettered++;
    this.#dead.bury(entry, error, entry.attempt);
    this.#options.onSettled?.(entry, "dead");
  }

  #later(entry: E, delayMs: number): void {
    const held = this.#options.hold ? this.#options.hold(entry) : entry;
    const timer = this.#options.timers.setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) this.#options.onTimer(() => this.#admit(held));
    }, delayMs);
    this.#timers.add(timer);
  }
}
