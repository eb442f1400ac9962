import { defaultBackoffMs, type Job, type Settlement } from "./job.ts";

/** What the scheduler reads and writes of a job; the owner's entries carry the rest. */
export interface Scheduled {
  readonly key: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** EnqueueOptions.priority `background`; a promotion clears it. */
  background: boolean;
  /** `now()` when it became runnable (the broker's latency histogram). */
  readyAt: number;
}

/** The timer functions the scheduler uses for delayed jobs (a test passes a fake clock). */
export interface SchedulerTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The scheduling knobs, the same in LocalQueue, the Broker and ZmqQueue. */
export interface SchedulingOptions {
  /** Waiting plus delayed jobs past which an enqueue is answered busy (QueueBusyError). */
  maxDepth?: number;
  /** Runs before a failing job goes to the dead-letter list. */
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1 = first retry). */
  backoffMs?: (attempt: number) => number;
  /** How many delivery ids to remember for dedupe. */
  deliveryMemory?: number;
  /** How many dead letters to keep. */
  deadLetterMemory?: number;
  /**
   * Free slots (LocalQueue: of its concurrency; Broker: worker credit) kept
   * for normal jobs: a background job starts only while more than this many
   * are free, or nothing runs (default 1).
   */
  backgroundReserve?: number;
}

export interface KeyedSchedulerOptions<E extends Scheduled> extends SchedulingOptions {
  /** Whether two jobs of one key are equal (coalesced while one waits). */
  same(a: E, b: E): boolean;
  /** A copy of `entry` to run as attempt `attempt` (a retry, a dead letter retried). */
  again(entry: E, attempt: number): E;
  /** What to keep of `entry` while it waits for its time (default: itself). */
  hold?(entry: E): E;
  /** The job a dead letter shows. */
  describe(entry: E): Job;
  /**
   * A delayed job's time came: call `release` (which makes it ready) in the
   * owner's context, then dispatch; or do not call it to drop the job.
   */
  onTimer(release: () => void): void;
  /** The clock of `readyAt` (default: none, 0). */
  now?(): number;
  timers?: SchedulerTimers;
  /**
   * Told once a job is finished with: it ran (`done`) or was dead-lettered
   * (`dead`). Not told of a job coalesced into another, nor of delayed jobs
   * dropped by `close` (they never finished).
   */
  onSettled?(entry: E, outcome: Settlement): void;
}

/** KeyedSchedulerOptions with every default filled in. */
export type SchedulerSettings<E extends Scheduled> = Required<
  Omit<KeyedSchedulerOptions<E>, "hold" | "onSettled">
> &
  Pick<KeyedSchedulerOptions<E>, "hold" | "onSettled">;

const realTimers: SchedulerTimers = {
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function withDefaults<E extends Scheduled>(
  options: KeyedSchedulerOptions<E>,
): SchedulerSettings<E> {
  return {
    maxDepth: 10_000,
    maxAttempts: 5,
    backoffMs: defaultBackoffMs,
    deliveryMemory: 10_000,
    deadLetterMemory: 1000,
    backgroundReserve: 1,
    now: () => 0,
    timers: realTimers,
    ...definedOnly(options),
  };
}

/** `options` without its undefined fields, so that defaults spread under it hold. */
function definedOnly<T extends object>(options: T): T {
  const defined: Partial<T> = {};
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined) defined[name as keyof T] = value;
  }
  return defined as T;
}
