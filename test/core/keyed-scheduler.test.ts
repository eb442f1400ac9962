import { describe, expect, it } from "vitest";
import { KeyedScheduler } from "../../src/core/keyed-scheduler.ts";
import type {
  KeyedSchedulerOptions,
  Scheduled,
  SchedulerTimers,
} from "../../src/core/scheduler-options.ts";

/** The scheduler alone: no queue, no socket, no real timer. */
interface Entry extends Scheduled {
  kind: string;
  payload: string;
}

/** A clock that moves only when told: `advance` runs the timers that fall due, in order. */
function fakeClock() {
  let seq = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  const clock = {
    now: 0,
    timers: {
      setTimeout(run, ms) {
        const id = ++seq;
        pending.set(id, { at: clock.now + ms, run });
        return id;
      },
      clearTimeout(handle) {
        pending.delete(handle as number);
      },
    } satisfies SchedulerTimers,
    advance(ms: number) {
      const until = clock.now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
        if (!due) break;
        pending.delete(due[0]);
        clock.now = due[1].at;
        due[1].run();
      }
      clock.now = until;
    },
  };
  return clock;
}

function setUp(options: Partial<KeyedSchedulerOptions<Entry>> = {}) {
  const clock = fakeClock();
  const woken: number[] = [];
  const scheduler = new KeyedScheduler<Entry>({
    same: (a, b) => a.kind === b.kind && a.payload === b.payload,
    again: (entry, attempt) => ({ ...entry, attempt }),
    describe: ({ kind, key, payload }) => ({ kind, key, payload }),
    onTimer: (release) => {
      release();
      woken.push(clock.now);
    },
    now: () => clock.now,
    timers: clock.timers,
    ...options,
  });
  return { scheduler, clock, woken };
}

const job = (key: string, payload = "", background = false, kind = "work"): Entry => ({
  key,
  kind,
  payload,
  background,
  attempt: 1,
  readyAt: -1,
});
const bg = (key: string, payload = "") => job(key, payload, true);

/** What `next` hands out while `slots` allow, as `key:payload`, the jobs kept in `running`. */
function dispatch(scheduler: KeyedScheduler<Entry>, slots: number, running: Entry[] = []) {
  const names: string[] = [];
  for (;;) {
    const free = slots - scheduler.inFlight;
    if (free <= 0) break;
    const entry = scheduler.next(free);
    if (!entry) break;
    running.push(entry);
    names.push(`${entry.key}:${entry.payload}`);
  }
  return names;
}

describe("KeyedScheduler", () => {
  it("runs one job per key at a time, in arrival order; keys in the order they became ready", () => {
    const { scheduler } = setUp();
    for (const entry of [job("a", "1"), job("a", "2"), job("b", "1"), job("a", "3")]) {
      expect(scheduler.enqueue(entry, undefined, 0)).toBe("queued");
    }
    const running: Entry[] = [];
    expect(dispatch(scheduler, 8, running)).toEqual(["a:1", "b:1"]);
    expect(scheduler.stats()).toMatchObject({ depth: 2, inFlight: 2 });
    scheduler.done(running[0] as Entry);
    expect(dispatch(scheduler, 8, running)).toEqual(["a:2"]);
    scheduler.done(running[2] as Entry);
    scheduler.done(running[1] as Entry);
    expect(dispatch(scheduler, 8, running)).toEqual(["a:3"]);
    scheduler.done(running[3] as Entry);
    expect(scheduler.isIdle()).toBe(true);
    expect(scheduler.stats()).toMatchObject({ depth: 0, inFlight: 0, done: 4 });
  });

  it("dead-letters a permanent failure at once, with no retry", () => {
    const { scheduler, clock } = setUp({ maxAttempts: 5, backoffMs: () => 1 });
    scheduler.enqueue(job("k", "bad"), undefined, 0);
    scheduler.enqueue(job("k", "next"), undefined, 0);
    scheduler.failed(scheduler.next(1) as Entry, "unknown job kind", true);
    clock.advance(1000);
    expect(scheduler.stats()).toMatchObject({ failed: 1, retried: 0, deadLettered: 1, delayed: 0 });
    expect(scheduler.deadLetters()).toEqual([
      expect.objectContaining({ error: "unknown job kind", attempts: 1 }),
    ]);
    // Its key is free for the next job.
    expect(dispatch(scheduler, 1)).toEqual(["k:next"]);
  });

  it("coalesces an equal waiting job, not a running one nor one that differs", () => {
    const { scheduler } = setUp();
    expect(scheduler.enqueue(job("k", "1"), undefined, 0)).toBe("queued");
    expect(dispatch(scheduler, 1)).toEqual(["k:1"]);
    expect(scheduler.enqueue(job("k", "1"), undefined, 0)).toBe("queued"); // the running one is not waiting
    expect(scheduler.enqueue(job("k", "1"), undefined, 0)).toBe("coalesced");
    expect(scheduler.enqueue(job("k", "1", false, "other"), undefined, 0)).toBe("queued");
    expect(scheduler.stats()).toMatchObject({ depth: 2, coalesced: 1 });
  });

  it("remembers a delivery only once it is accepted, not when refused busy or closed", () => {
    const { scheduler } = setUp({ maxDepth: 1, deliveryMemory: 2 });
    expect(scheduler.enqueue(job("a"), "d1", 0)).toBe("queued");
    expect(scheduler.enqueue(job("b"), "d2", 0)).toBe("busy");
    const first = scheduler.next(1);
    // GitHub redelivers d2 after the 503: it is not a duplicate.
    expect(scheduler.enqueue(job("b"), "d2", 0)).toBe("queued");
    expect(scheduler.enqueue(job("c"), "d2", 0)).toBe("duplicate");
    expect(scheduler.enqueue(job("c"), "d1", 0)).toBe("duplicate");
    scheduler.done(first as Entry);
    scheduler.done(scheduler.next(1) as Entry);
    // The memory is bounded: d1 is forgotten after two more.
    expect(scheduler.enqueue(job("d"), "d3", 0)).toBe("queued");
    expect(scheduler.enqueue(job("d"), "d1", 0)).toBe("busy");
    scheduler.done(scheduler.next(1) as Entry);
    expect(scheduler.enqueue(job("d"), "d1", 0)).toBe("queued");
    expect(scheduler.stats().duplicates).toBe(2);
    scheduler.close();
    expect(scheduler.enqueue(job("e"), "d9", 0)).toBe("closed");
    expect(scheduler.next(8)).toBeUndefined();
  });

  it("holds delayed jobs until their time, counts them in the depth, and drops them on close", () => {
    const { scheduler, clock, woken } = setUp({ maxDepth: 2 });
    expect(scheduler.enqueue(job("later"), undefined, 100)).toBe("queued");
    expect(scheduler.enqueue(job("later2"), undefined, 500)).toBe("queued");
    expect(scheduler.enqueue(job("now"), undefined, 0)).toBe("busy");
    expect(scheduler.stats()).toMatchObject({ depth: 0, delayed: 2 });
    expect(scheduler.next(8)).toBeUndefined();
    clock.advance(99);
    expect(scheduler.next(8)).toBeUndefined();
    clock.advance(1);
    expect(woken).toEqual([100]);
    const entry = scheduler.next(8);
    expect(entry).toMatchObject({ key: "later", readyAt: 100 });
    scheduler.close();
    clock.advance(1000);
    expect(woken).toEqual([100]);
    expect(scheduler.stats().delayed).toBe(0);
  });

  it("retries a failure with backoff, then dead-letters it; a retried dead letter runs as it was", () => {
    const backoffs: number[] = [];
    const { scheduler, clock } = setUp({
      maxAttempts: 3,
      backoffMs: (attempt) => {
        backoffs.push(attempt);
        return 10 * attempt;
      },
    });
    scheduler.enqueue(bg("k", "x"), undefined, 0);
    const attempts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const entry = scheduler.next(8) as Entry;
      attempts.push(entry.attempt);
      expect(entry.background).toBe(true);
      scheduler.failed(entry, "GitHub said 500");
      clock.advance(100);
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect(backoffs).toEqual([1, 2]);
    expect(scheduler.stats()).toMatchObject({ failed: 3, retried: 2, deadLettered: 1, depth: 0 });
    const [letter] = scheduler.deadLetters();
    expect(letter).toMatchObject({
      job: { kind: "work", key: "k", payload: "x" },
      error: "GitHub said 500",
      attempts: 3,
    });
    expect(scheduler.retryDeadLetter("dead-unknown")).toBe(false);
    expect(scheduler.retryDeadLetter(letter?.id ?? "")).toBe(true);
    expect(scheduler.retryDeadLetter(letter?.id ?? "")).toBe(false);
    expect(scheduler.deadLetters()).toEqual([]);
    expect(scheduler.stats().background).toBe(1);
    expect(scheduler.next(8)).toMatchObject({ attempt: 1, background: true });
  });

  it("runs a job again after a retry-later delay without counting an attempt or a failure", () => {
    const { scheduler, clock } = setUp({ maxAttempts: 1 });
    scheduler.enqueue(bg("k"), undefined, 0);
    scheduler.enqueue(job("k", "next"), undefined, 0);
    const entry = scheduler.next(8) as Entry;
    expect(entry.background).toBe(false); // promoted: a normal job waited behind it
    scheduler.retryLater(entry, 50);
    // While it waits for its time, its key is free for the next job.
    expect(scheduler.next(8)).toMatchObject({ payload: "next" });
    expect(scheduler.stats()).toMatchObject({ delayed: 1, retried: 1, failed: 0 });
    clock.advance(50);
    expect(scheduler.stats().depth).toBe(1);
  });

  it("puts a lost worker's job back at the front of its key, attempt counted, its key served first", () => {
    const { scheduler } = setUp({ maxAttempts: 2 });
    for (const entry of [job("a", "1"), job("a", "2"), job("b", "1")]) {
      scheduler.enqueue(entry, undefined, 0);
    }
    const first = scheduler.next(1) as Entry;
    scheduler.lost(first, "worker lost");
    expect(scheduler.stats()).toMatchObject({ retried: 1, inFlight: 0, depth: 3 });
    const again = scheduler.next(1) as Entry;
    expect(again).toMatchObject({ key: "a", payload: "1", attempt: 2 });
    // Handed back (a worker leaving): the attempt is not counted.
    scheduler.handBack(again);
    expect(scheduler.next(1)).toMatchObject({ key: "a", payload: "1", attempt: 2 });
    // Lost on its last attempt: dead-lettered, and its key goes on.
    scheduler.lost(again, "worker lost");
    expect(scheduler.stats()).toMatchObject({ failed: 1, deadLettered: 1 });
    expect(scheduler.deadLetters()[0]).toMatchObject({ error: "worker lost", attempts: 2 });
    expect(dispatch(scheduler, 8)).toEqual(["b:1", "a:2"]);
  });

  it("tells onSettled of each job done or dead-lettered, not of a coalesced or dropped one", () => {
    const settled: string[] = [];
    const { scheduler, clock } = setUp({
      maxAttempts: 2,
      backoffMs: () => 10,
      onSettled: (entry, outcome) => settled.push(`${entry.key}:${entry.payload}:${outcome}`),
    });
    scheduler.enqueue(job("a", "1"), undefined, 0);
    scheduler.enqueue(job("b", "1"), undefined, 0);
    expect(scheduler.enqueue(job("b", "1"), undefined, 0)).toBe("coalesced");
    scheduler.enqueue(job("c", "1"), undefined, 50);
    const [a, b] = [scheduler.next(8) as Entry, scheduler.next(8) as Entry];
    scheduler.done(a);
    // A failure that will be retried is not settled; its last attempt is.
    scheduler.failed(b, "500");
    expect(settled).toEqual(["a:1:done"]);
    clock.advance(10);
    scheduler.failed(scheduler.next(8) as Entry, "500");
    // A lost worker's job is not settled either: it runs again.
    scheduler.enqueue(job("d", "1"), undefined, 0);
    scheduler.lost(scheduler.next(8) as Entry, "worker lost");
    scheduler.done(scheduler.next(8) as Entry);
    // The delayed job never ran: close drops it unsettled.
    scheduler.close();
    expect(settled).toEqual(["a:1:done", "b:1:dead", "d:1:done"]);
  });

  it("drops a lost job that an equal waiting one already covers", () => {
    const { scheduler } = setUp();
    scheduler.enqueue(job("a", "1"), undefined, 0);
    const running = scheduler.next(8) as Entry;
    scheduler.enqueue(job("a", "1"), undefined, 0);
    scheduler.handBack(running);
    expect(scheduler.stats()).toMatchObject({ depth: 1, coalesced: 1, inFlight: 0 });
  });
});

describe("KeyedScheduler priority", () => {
  it("starts a normal job before any more background work, at once, while background jobs run", () => {
    const { scheduler } = setUp();
    for (let n = 0; n < 50; n++)
      expect(scheduler.enqueue(bg(`bg${n}`), undefined, 0)).toBe("queued");
    const running: Entry[] = [];
    // Four slots: three background jobs, one slot kept for normal work.
    expect(dispatch(scheduler, 4, running)).toEqual(["bg0:", "bg1:", "bg2:"]);
    expect(scheduler.stats()).toMatchObject({ depth: 47, background: 47, inFlight: 3 });
    scheduler.enqueue(job("fresh"), undefined, 0);
    // Within one dispatch: the next job handed out.
    expect(dispatch(scheduler, 4, running)).toEqual(["fresh:"]);
    // The reserve is used: no background job until one ends.
    scheduler.done(running[3] as Entry);
    expect(dispatch(scheduler, 4, running)).toEqual([]);
    scheduler.done(running[0] as Entry);
    expect(dispatch(scheduler, 4, running)).toEqual(["bg3:"]);
  });

  it("keeps the reserve it is given, and with one slot runs background work only when nothing runs", () => {
    const one = setUp().scheduler;
    one.enqueue(bg("a"), undefined, 0);
    one.enqueue(bg("b"), undefined, 0);
    const running: Entry[] = [];
    expect(dispatch(one, 1, running)).toEqual(["a:"]);
    one.done(running[0] as Entry);
    expect(dispatch(one, 1, running)).toEqual(["b:"]);

    const { scheduler } = setUp({ backgroundReserve: 2 });
    for (let n = 0; n < 10; n++) scheduler.enqueue(bg(`k${n}`), undefined, 0);
    expect(dispatch(scheduler, 5)).toEqual(["k0:", "k1:", "k2:"]);
    for (let n = 0; n < 3; n++) scheduler.enqueue(job(`n${n}`), undefined, 0);
    expect(dispatch(scheduler, 5)).toEqual(["n0:", "n1:"]);
  });

  it("serves normal keys first, each key in arrival order", () => {
    const { scheduler } = setUp();
    scheduler.enqueue(bg("a", "1"), undefined, 0);
    scheduler.enqueue(job("b", "1"), undefined, 0);
    scheduler.enqueue(bg("c", "1"), undefined, 0);
    scheduler.enqueue(job("d", "1"), undefined, 0);
    expect(dispatch(scheduler, 3)).toEqual(["b:1", "d:1"]);
  });

  it("promotes a key's waiting background jobs when a normal job joins them, keeping their order", () => {
    const { scheduler } = setUp();
    scheduler.enqueue(bg("other"), undefined, 0);
    scheduler.enqueue(bg("k", "1"), undefined, 0);
    scheduler.enqueue(bg("k", "2"), undefined, 0);
    expect(scheduler.stats().background).toBe(3);
    scheduler.enqueue(job("k", "3"), undefined, 0);
    expect(scheduler.stats().background).toBe(1);
    const running: Entry[] = [];
    // Two slots, one busy: only normal work may start, and k's is now normal.
    scheduler.enqueue(job("busy"), undefined, 0);
    expect(dispatch(scheduler, 2, running)).toEqual(["k:1", "busy:"]);
    scheduler.done(running[0] as Entry);
    expect(dispatch(scheduler, 2, running)).toEqual(["k:2"]);
    scheduler.done(running[2] as Entry);
    expect(dispatch(scheduler, 2, running)).toEqual(["k:3"]);
    expect(running.map((entry) => entry.background)).toEqual([false, false, false, false]);
  });

  it("promotes an equal waiting background job a normal one coalesces with, and a running key's", () => {
    const { scheduler } = setUp();
    scheduler.enqueue(bg("k", "1"), undefined, 0);
    expect(scheduler.enqueue(bg("k", "1"), undefined, 0)).toBe("coalesced");
    expect(scheduler.stats().background).toBe(1);
    expect(scheduler.enqueue(job("k", "1"), undefined, 0)).toBe("coalesced");
    expect(scheduler.stats()).toMatchObject({ background: 0, coalesced: 2 });
    scheduler.enqueue(job("busy"), undefined, 0);
    const running: Entry[] = [];
    expect(dispatch(scheduler, 2, running)).toEqual(["k:1", "busy:"]);
    // k runs; a background job waits behind it, then a normal one joins.
    scheduler.enqueue(bg("k", "2"), undefined, 0);
    scheduler.enqueue(bg("z"), undefined, 0);
    scheduler.enqueue(job("k", "3"), undefined, 0);
    scheduler.done(running[0] as Entry);
    expect(dispatch(scheduler, 2, running)).toEqual(["k:2"]);
  });

  it("keeps a job's priority through a delay, a retry, a retry-later and a lost worker", () => {
    const { scheduler, clock } = setUp({ backoffMs: () => 5 });
    scheduler.enqueue(bg("k"), undefined, 20);
    clock.advance(20);
    expect(scheduler.stats().background).toBe(1);
    let entry = scheduler.next(8) as Entry;
    expect(entry.background).toBe(true);
    scheduler.failed(entry, "boom");
    clock.advance(5);
    entry = scheduler.next(8) as Entry;
    expect(entry).toMatchObject({ background: true, attempt: 2 });
    scheduler.retryLater(entry, 5);
    clock.advance(5);
    entry = scheduler.next(8) as Entry;
    expect(entry).toMatchObject({ background: true, attempt: 2 });
    scheduler.lost(entry, "lost");
    expect(scheduler.stats().background).toBe(1);
    // Back at the front of its key, still background: it waits for the reserve.
    scheduler.enqueue(job("n"), undefined, 0);
    expect(dispatch(scheduler, 2)).toEqual(["n:"]);
    expect(scheduler.next(1)).toBeUndefined();
  });
});
