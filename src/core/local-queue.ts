import {
  type DeadLetter,
  defaultBackoffMs,
  type EnqueueOptions,
  type EnqueueResult,
  type Job,
  type JobHandler,
  type JobQueue,
  QueueBusyError,
  QueueClosedError,
  type QueueStats,
  RetryLaterError,
} from "./job.ts";

export interface LocalQueueOptions {
  /** Jobs of different keys run at once. */
  concurrency?: number;
  /** Waiting plus delayed jobs past which `enqueue` throws QueueBusyError. */
  maxDepth?: number;
  /** Runs before a failing job goes to the dead-letter list. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1 = first retry). */
  backoffMs?: (attempt: number) => number;
  /** How many delivery ids to remember for dedupe. */
  deliveryMemory?: number;
  /** How many dead letters to keep. */
  deadLetterMemory?: number;
  onError?: (job: Job, error: unknown, attempt: number) => void;
}

interface Entry {
  job: Job;
  attempt: number;
  /** Coalescing identity: kind, key and payload. */
  identity: string;
}

interface KeyState {
  running: boolean;
  waiting: Entry[];
}

/**
 * An in-process job queue with the pipeline's semantics: per-key order,
 * coalescing of equal waiting jobs, delivery dedupe, retries with backoff
 * into a dead-letter list, delayed jobs, and a bounded depth.
 */
export class LocalQueue implements JobQueue {
  #state = {
    handler: undefined as JobHandler | undefined,
    closed: false,
    keys: new Map<string, KeyState>(),
    /** Keys with a waiting job and nothing running, in the order they became ready. */
    ready: [] as string[],
    waiting: 0,
    running: new Set<Promise<void>>(),
    timers: new Set<NodeJS.Timeout>(),
    seen: new Set<string>(),
    seenOrder: [] as string[],
    dead: [] as DeadLetter[],
    deadSeq: 0,
    idleWaiters: [] as (() => void)[],
    stats: { done: 0, failed: 0, retried: 0, coalesced: 0, duplicates: 0, deadLettered: 0 },
  };
  readonly #options: Required<Omit<LocalQueueOptions, "onError">> &
    Pick<LocalQueueOptions, "onError">;

  constructor(options: LocalQueueOptions = {}) {
    this.#options = {
      concurrency: options.concurrency ?? 4,
      maxDepth: options.maxDepth ?? 10_000,
      maxAttempts: options.maxAttempts ?? 5,
      backoffMs: options.backoffMs ?? defaultBackoffMs,
      deliveryMemory: options.deliveryMemory ?? 10_000,
      deadLetterMemory: options.deadLetterMemory ?? 1000,
      onError: options.onError,
    };
  }

  async enqueue(job: Job, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    return this.#enqueue(job, options);
  }

  #enqueue(job: Job, options: EnqueueOptions): EnqueueResult {
    const state = this.#state;
    if (state.closed) throw new QueueClosedError();
    if (job.deliveryId !== undefined) {
      if (state.seen.has(job.deliveryId)) {
        state.stats.duplicates++;
        return "duplicate";
      }
      this.#remember(job.deliveryId);
    }
    this.#checkDepth();
    const entry: Entry = { job, attempt: 1, identity: identityOf(job) };
    if (options.delayMs && options.delayMs > 0) {
      this.#later(entry, options.delayMs);
      return "queued";
    }
    return this.#admit(entry);
  }

  start(handler: JobHandler): void {
    this.#state.handler = handler;
    this.#pump();
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#state.idleWaiters.push(resolve));
  }

  stats(): QueueStats {
    const state = this.#state;
    return {
      depth: state.waiting,
      delayed: state.timers.size,
      inFlight: state.running.size,
      ...state.stats,
    };
  }

  deadLetters(): DeadLetter[] {
    return [...this.#state.dead];
  }

  async retryDeadLetter(id: string): Promise<boolean> {
    const state = this.#state;
    const index = state.dead.findIndex((letter) => letter.id === id);
    const letter = state.dead[index];
    if (!letter || state.closed) return false;
    state.dead.splice(index, 1);
    this.#admit({ job: letter.job, attempt: 1, identity: identityOf(letter.job) });
    return true;
  }

  async close(): Promise<void> {
    const state = this.#state;
    state.closed = true;
    for (const timer of state.timers) clearTimeout(timer);
    state.timers.clear();
    await Promise.allSettled([...state.running]);
  }

  #admit(entry: Entry): EnqueueResult {
    const state = this.#state;
    let key = state.keys.get(entry.job.key);
    if (!key) {
      key = { running: false, waiting: [] };
      state.keys.set(entry.job.key, key);
    }
    // The handler always reads fresh state, so one waiting run serves both.
    if (key.waiting.some((waiting) => waiting.identity === entry.identity)) {
      state.stats.coalesced++;
      return "coalesced";
    }
    key.waiting.push(entry);
    state.waiting++;
    if (!key.running && key.waiting.length === 1) state.ready.push(entry.job.key);
    this.#pump();
    return "queued";
  }

  #later(entry: Entry, delayMs: number): void {
    const state = this.#state;
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      if (!state.closed) this.#admit(entry);
    }, delayMs);
    timer.unref();
    state.timers.add(timer);
  }

  #pump(): void {
    const state = this.#state;
    const handler = state.handler;
    while (
      handler &&
      !state.closed &&
      state.running.size < this.#options.concurrency &&
      state.ready.length > 0
    ) {
      const keyName = state.ready.shift() as string;
      const key = state.keys.get(keyName);
      const entry = key?.waiting.shift();
      if (!key || !entry) continue;
      state.waiting--;
      key.running = true;
      const run = this.#run(handler, entry).finally(() => {
        state.running.delete(run);
        key.running = false;
        if (key.waiting.length > 0) state.ready.push(keyName);
        else state.keys.delete(keyName);
        this.#pump();
        if (this.#isIdle()) for (const resolve of state.idleWaiters.splice(0)) resolve();
      });
      state.running.add(run);
    }
  }

  async #run(handler: JobHandler, entry: Entry): Promise<void> {
    const state = this.#state;
    try {
      await handler(entry.job, {
        attempt: entry.attempt,
        enqueue: async (job, options = {}) => this.#enqueue(job, options),
      });
      state.stats.done++;
    } catch (error) {
      this.#options.onError?.(entry.job, error, entry.attempt);
      if (state.closed) return;
      if (error instanceof RetryLaterError) {
        state.stats.retried++;
        this.#later(entry, error.delayMs);
        return;
      }
      state.stats.failed++;
      if (entry.attempt < this.#options.maxAttempts) {
        state.stats.retried++;
        this.#later(
          { ...entry, attempt: entry.attempt + 1 },
          this.#options.backoffMs(entry.attempt),
        );
        return;
      }
      state.stats.deadLettered++;
      state.dead.push({
        id: `dead-${++state.deadSeq}`,
        job: entry.job,
        error: error instanceof Error ? error.message : String(error),
        attempts: entry.attempt,
        at: new Date().toISOString(),
      });
      if (state.dead.length > this.#options.deadLetterMemory) state.dead.shift();
    }
  }

  #checkDepth(): void {
    const depth = this.#state.waiting + this.#state.timers.size;
    if (depth >= this.#options.maxDepth) throw new QueueBusyError(depth);
  }

  #remember(deliveryId: string): void {
    const state = this.#state;
    state.seen.add(deliveryId);
    state.seenOrder.push(deliveryId);
    if (state.seenOrder.length > this.#options.deliveryMemory) {
      state.seen.delete(state.seenOrder.shift() as string);
    }
  }

  #isIdle(): boolean {
    return this.#state.running.size === 0 && this.#state.waiting === 0;
  }
}

function identityOf(job: Job): string {
  return `${job.kind}\u0000${job.key}\u0000${JSON.stringify(job.payload)}`;
}
