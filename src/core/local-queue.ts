import {
  type DeadLetter,
  type EnqueueOptions,
  type EnqueueResult,
  type Job,
  type JobContext,
  type JobHandler,
  type JobQueue,
  PermanentJobError,
  QueueBusyError,
  QueueClosedError,
  type QueueStats,
  RetryLaterError,
  type SettledListener,
} from "./job.ts";
import { KeyedScheduler } from "./keyed-scheduler.ts";
import type { Scheduled, SchedulingOptions } from "./scheduler-options.ts";

export interface LocalQueueOptions extends SchedulingOptions {
  /** Jobs of different keys run at once. */
  concurrency?: number;
  onError?: (job: Job, error: unknown, attempt: number) => void;
}

interface Entry extends Scheduled {
  job: Job;
  /** Coalescing identity: kind, key and payload. */
  identity: string;
}

/**
 * An in-process job queue with the pipeline's semantics (KeyedScheduler:
 * per-key order, coalescing of equal waiting jobs, delivery dedupe,
 * retries with backoff into a dead-letter list, delayed jobs, a bounded
 * depth, background jobs behind normal ones); it runs the handler here, up
 * to `concurrency` jobs at once.
 */
export class LocalQueue implements JobQueue {
  #handler: JobHandler | undefined;
  readonly #running = new Set<Promise<void>>();
  readonly #idleWaiters: (() => void)[] = [];
  readonly #concurrency: number;
  readonly #onError: LocalQueueOptions["onError"];
  readonly #scheduler: KeyedScheduler<Entry>;
  readonly #settledListeners: SettledListener[] = [];
  /** Every job's `context.enqueue`: one function, not a closure per job. */
  readonly #contextEnqueue: JobContext["enqueue"] = async (job, options = {}) =>
    this.#enqueue(job, options);

  constructor(options: LocalQueueOptions = {}) {
    const { concurrency, onError, ...scheduling } = options;
    this.#concurrency = concurrency ?? 4;
    this.#onError = onError;
    this.#scheduler = new KeyedScheduler<Entry>({
      ...scheduling,
      same: (a, b) => a.identity === b.identity,
      again: (entry, attempt) => ({ ...entry, attempt }),
      describe: (entry) => entry.job,
      onTimer: (release) => {
        release();
        this.#pump();
      },
      onSettled: (entry, outcome) => {
        for (const listener of this.#settledListeners) {
          try {
            listener(entry.job, outcome);
          } catch (error) {
            console.warn("[c4bot] settled listener failed", error);
          }
        }
      },
    });
  }

  async enqueue(job: Job, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    return this.#enqueue(job, options);
  }

  #enqueue(job: Job, options: EnqueueOptions): EnqueueResult {
    const scheduler = this.#scheduler;
    const entry: Entry = {
      job,
      key: job.key,
      attempt: 1,
      background: options.priority === "background",
      readyAt: 0,
      identity: identityOf(job),
    };
    const result = scheduler.enqueue(entry, job.deliveryId, options.delayMs ?? 0);
    if (result === "busy") throw new QueueBusyError(scheduler.depth);
    if (result === "closed") throw new QueueClosedError();
    this.#pump();
    return result;
  }

  start(handler: JobHandler): void {
    this.#handler = handler;
    this.#pump();
  }

  onSettled(listener: SettledListener): void {
    this.#settledListeners.push(listener);
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  stats(): QueueStats {
    return this.#scheduler.stats();
  }

  deadLetters(): DeadLetter[] {
    return this.#scheduler.deadLetters();
  }

  async retryDeadLetter(id: string): Promise<boolean> {
    const retried = this.#scheduler.retryDeadLetter(id);
    if (retried) this.#pump();
    return retried;
  }

  async close(): Promise<void> {
    this.#scheduler.close();
    await Promise.allSettled([...this.#running]);
  }

  #pump(): void {
    const handler = this.#handler;
    if (!handler) return;
    const running = this.#running;
    while (running.size < this.#concurrency) {
      const entry = this.#scheduler.next(this.#concurrency - running.size);
      if (!entry) break;
      const run = this.#run(handler, entry).finally(() => {
        running.delete(run);
        this.#pump();
        if (this.#isIdle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
      running.add(run);
    }
  }

  async #run(handler: JobHandler, entry: Entry): Promise<void> {
    const scheduler = this.#scheduler;
    try {
      await handler(entry.job, { attempt: entry.attempt, enqueue: this.#contextEnqueue });
    } catch (error) {
      try {
        this.#onError?.(entry.job, error, entry.attempt);
      } finally {
        if (error instanceof RetryLaterError) scheduler.retryLater(entry, error.delayMs);
        else {
          const message = error instanceof Error ? error.message : String(error);
          scheduler.failed(entry, message, error instanceof PermanentJobError);
        }
      }
      return;
    }
    scheduler.done(entry);
  }

  #isIdle(): boolean {
    return this.#running.size === 0 && this.#scheduler.isIdle();
  }
}

function identityOf(job: Job): string {
  return `${job.kind}\u0000${job.key}\u0000${JSON.stringify(job.payload)}`;
}
