/**
 * The job pipeline's vocabulary. The core knows nothing of GitHub: a job is a
 * kind, a key that orders it, and a JSON payload that only its handler reads.
 */
export interface Job<Payload = unknown> {
  /** What to do, e.g. `pull.evaluate`. */
  kind: string;
  /**
   * What it is about, e.g. `owner/repo#12`. Jobs with one key run one at a
   * time in arrival order; jobs with different keys run in parallel.
   */
  key: string;
  /** JSON-serialisable input for the handler. */
  payload: Payload;
  /** The webhook delivery that caused it: a delivery seen before is dropped. */
  deliveryId?: string;
}

/** What became of an enqueued job. */
export type EnqueueResult =
  /** Queued, to run when its key is free. */
  | "queued"
  /** An equal job (same kind, key and payload) was already waiting: this one joined it. */
  | "coalesced"
  /** Its delivery id was seen before: dropped. */
  | "duplicate";

/**
 * How urgent a job is. `background` work (a periodic sweep's hundreds of
 * re-evaluations) runs only while a slot stays free for `normal` work (a
 * fresh webhook's), so it never makes a fresh job wait.
 */
export type Priority = "normal" | "background";

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /**
   * `normal` (the default) or `background`. Kept through delays, retries,
   * a lost worker and a dead letter's retry. A normal job of a key whose
   * waiting jobs are background (or equal to one of them) promotes them.
   */
  priority?: Priority;
}

export interface JobContext {
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Enqueue follow-up work (a later re-evaluation, a merge). */
  enqueue(job: Job, options?: EnqueueOptions): Promise<EnqueueResult>;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/**
 * The default delay before retry number `attempt` (1 = first retry): 1 s,
 * doubling, at most 60 s. Both queues use it when given no `backoffMs`.
 */
export function defaultBackoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 60_000);
}

/** Thrown by `enqueue` when the queue is full: the caller answers "busy" (HTTP 503). */
export class QueueBusyError extends Error {
  readonly status = 503;
  constructor(depth: number) {
    super(`[c4bot] job queue is full (${depth} jobs waiting); try again later`);
    this.name = "QueueBusyError";
  }
}

/**
 * The queue is shutting down (or shut): it takes no more jobs. A webhook
 * refused this way is answered 503, so GitHub records a failed delivery
 * that can be redelivered; the reconciler finds what was missed anyway.
 */
export class QueueClosedError extends Error {
  readonly status = 503;
  constructor() {
    super("[c4bot] the job queue is closed");
    this.name = "QueueClosedError";
  }
}

/**
 * Thrown by a handler that must wait before trying again (GitHub's
 * `retry-after`): the queue keeps the job and runs it later, with no worker
 * busy waiting. It does not count as a failed attempt.
 */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/**
 * Thrown by a handler for a job that can never succeed (an unknown kind, a
 * payload its kind does not accept): the queue dead-letters it at once, with
 * no retries, so it shows on the dashboard instead of passing for done.
 */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export interface DeadLetter {
  /** Names it for `retryDeadLetter`. */
  id: string;
  job: Job;
  error: string;
  attempts: number;
  at: string;
}

export interface QueueStats {
  /** Jobs waiting for their key or a free slot. */
  depth: number;
  /** Jobs waiting for a time (retries, scheduled re-evaluations). */
  delayed: number;
  /**
   * Background jobs among `depth` (EnqueueOptions.priority). Both core
   * queues report it; optional so that other JobQueues need not.
   */
  background?: number;
  inFlight: number;
  done: number;
  failed: number;
  retried: number;
  coalesced: number;
  duplicates: number;
  deadLettered: number;
}

/** The interface the app uses; the in-process queue and the ZeroMQ core both implement it. */
export interface JobQueue {
  /** Rejects with QueueBusyError when full; across machines it is a round trip, hence async. */
  enqueue(job: Job, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Starts running jobs with `handler`. */
  start(handler: JobHandler): void;
  /** Resolves when nothing runs or waits (delayed jobs excepted). */
  idle(): Promise<void>;
  stats(): QueueStats;
  deadLetters(): DeadLetter[];
  /**
   * Takes a dead letter off the list and queues its job again with fresh
   * attempts (a maintainer's retry, once the cause is fixed). False when no
   * dead letter has that id.
   */
  retryDeadLetter(id: string): Promise<boolean>;
  /** Stops taking jobs, drops timers, waits for running jobs. */
  close(): Promise<void>;
  /**
   * Hears what workers in other processes report (`Worker.report`: a topic
   * and parsed JSON, to be checked by the listener). Queues whose handlers
   * all run in this process (LocalQueue) have no such workers and no method.
   */
  onReport?(listener: ReportListener): void;
  /**
   * Hears each job once it is finished with: it ran (`done`, wherever its
   * worker is) or was dead-lettered (`dead`). A job coalesced into an equal
   * one is not reported (the equal one is); a delayed job dropped by `close`
   * never is. Both core queues have it.
   */
  onSettled?(listener: SettledListener): void;
}

export type ReportListener = (topic: string, data: unknown) => void;

/** How a job was finished with: it ran, or it failed every attempt (a dead letter). */
export type Settlement = "done" | "dead";

/** Hears each job the queue is finished with (`JobQueue.onSettled`). */
export type SettledListener = (job: Job, outcome: Settlement) => void;
