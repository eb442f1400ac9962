import { afterEach, describe, expect, it } from "vitest";
import { type Job, QueueBusyError, QueueClosedError, RetryLaterError } from "../../src/core/job.ts";
import { LocalQueue } from "../../src/core/local-queue.ts";

const job = (key: string, payload: unknown = {}, kind = "work", deliveryId?: string): Job => ({
  kind,
  key,
  payload,
  ...(deliveryId ? { deliveryId } : {}),
});

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe("LocalQueue", () => {
  let queue: LocalQueue;
  afterEach(async () => {
    await queue?.close();
  });

  it("runs jobs of one key one at a time, in arrival order", async () => {
    queue = new LocalQueue({ concurrency: 4 });
    const log: string[] = [];
    let running = 0;
    let most = 0;
    queue.start(async (j) => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${(j.payload as { n: number }).n}`);
      await tick(2);
      log.push(`end ${(j.payload as { n: number }).n}`);
      running--;
    });
    for (let n = 0; n < 5; n++) queue.enqueue(job("a/b#1", { n }));
    await queue.idle();
    expect(most).toBe(1);
    expect(log).toEqual([
      "start 0",
      "end 0",
      "start 1",
      "end 1",
      "start 2",
      "end 2",
      "start 3",
      "end 3",
      "start 4",
      "end 4",
    ]);
  });

  it("runs different keys in parallel up to the concurrency", async () => {
    queue = new LocalQueue({ concurrency: 3 });
    let running = 0;
    let most = 0;
    queue.start(async () => {
      running++;
      most = Math.max(most, running);
      await tick(10);
      running--;
    });
    for (let n = 0; n < 6; n++) queue.enqueue(job(`a/b#${n}`));
    await queue.idle();
    expect(most).toBe(3);
    expect(queue.stats().done).toBe(6);
  });

  it("coalesces an equal job that is still waiting, not one that differs", async () => {
    queue = new LocalQueue({ concurrency: 1 });
    const seen: unknown[] = [];
    queue.start(async (j) => {
      seen.push(j.payload);
      await tick(2);
    });
    expect(await queue.enqueue(job("k", { n: 1 }))).toBe("queued"); // starts running at once
    expect(await queue.enqueue(job("k", { n: 2 }))).toBe("queued"); // waits
    expect(await queue.enqueue(job("k", { n: 2 }))).toBe("coalesced");
    expect(await queue.enqueue(job("k", { n: 3 }))).toBe("queued");
    expect(await queue.enqueue(job("k", { n: 2 }, "other"))).toBe("queued");
    await queue.idle();
    expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 2 }]);
    expect(queue.stats().coalesced).toBe(1);
  });

  it("drops a delivery it has seen", async () => {
    queue = new LocalQueue({ deliveryMemory: 2 });
    let runs = 0;
    queue.start(async () => {
      runs++;
    });
    expect(await queue.enqueue(job("k", 1, "w", "d1"))).toBe("queued");
    await queue.idle();
    expect(await queue.enqueue(job("k", 1, "w", "d1"))).toBe("duplicate");
    await queue.enqueue(job("k", 2, "w", "d2"));
    await queue.enqueue(job("k", 3, "w", "d3")); // the memory is bounded: d1 is forgotten
    await queue.idle();
    expect(await queue.enqueue(job("k", 1, "w", "d1"))).toBe("queued");
    await queue.idle();
    expect(runs).toBe(4);
    expect(queue.stats().duplicates).toBe(1);
  });

  it("retries a failing job with backoff, then dead-letters it with its error", async () => {
    queue = new LocalQueue({ maxAttempts: 3, backoffMs: () => 1 });
    const attempts: number[] = [];
    queue.start(async (_j, context) => {
      attempts.push(context.attempt);
      throw new Error("GitHub said 500");
    });
    await queue.enqueue(job("k"));
    for (let i = 0; i < 50 && queue.stats().deadLettered === 0; i++) await tick(5);
    expect(attempts).toEqual([1, 2, 3]);
    expect(queue.stats()).toMatchObject({ failed: 3, retried: 2, deadLettered: 1 });
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({ job: job("k"), error: "GitHub said 500", attempts: 3 }),
    ]);
  });

  it("tells onSettled listeners of each job done or dead-lettered, with its delivery id", async () => {
    queue = new LocalQueue({ maxAttempts: 2, backoffMs: () => 1 });
    const settled: string[] = [];
    queue.onSettled(() => {
      throw new Error("a listener's bug");
    });
    queue.onSettled((j, outcome) => settled.push(`${j.deliveryId}:${outcome}`));
    queue.start(async (j) => {
      if (j.kind === "bad") throw new Error("GitHub said 500");
    });
    const warn = console.warn;
    console.warn = () => {};
    try {
      await queue.enqueue(job("a", 1, "w", "d1"));
      await queue.enqueue(job("b", 1, "bad", "d2"));
      for (let i = 0; i < 50 && settled.length < 2; i++) await tick(5);
    } finally {
      console.warn = warn;
    }
    expect(settled.sort()).toEqual(["d1:done", "d2:dead"]);
  });

  it("runs a dead letter's job again on retry, with fresh attempts", async () => {
    queue = new LocalQueue({ maxAttempts: 1 });
    let fail = true;
    const attempts: number[] = [];
    queue.start(async (_j, context) => {
      attempts.push(context.attempt);
      if (fail) throw new Error("boom");
    });
    await queue.enqueue(job("k"));
    await queue.idle();
    const [letter] = queue.deadLetters();
    expect(letter?.id).toMatch(/^dead-/);
    expect(await queue.retryDeadLetter("dead-unknown")).toBe(false);
    fail = false;
    expect(await queue.retryDeadLetter(letter?.id ?? "")).toBe(true);
    await queue.idle();
    expect(attempts).toEqual([1, 1]);
    expect(queue.deadLetters()).toEqual([]);
    expect(queue.stats().done).toBe(1);
  });

  it("keeps a job that asks to be retried later without counting a failure", async () => {
    queue = new LocalQueue({ maxAttempts: 1 });
    const attempts: number[] = [];
    queue.start(async (_j, context) => {
      attempts.push(context.attempt);
      if (attempts.length === 1) throw new RetryLaterError(20, "secondary rate limit");
    });
    await queue.enqueue(job("k"));
    await queue.idle();
    expect(queue.stats().delayed).toBe(1);
    for (let i = 0; i < 50 && queue.stats().done === 0; i++) await tick(5);
    expect(attempts).toEqual([1, 1]);
    expect(queue.stats()).toMatchObject({ failed: 0, deadLettered: 0, done: 1 });
  });

  it("answers busy past its depth and keeps every job it accepted", async () => {
    queue = new LocalQueue({ maxDepth: 3, concurrency: 1 });
    const ran: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.start(async (j) => {
      await gate;
      ran.push(j.payload as number);
    });
    await queue.enqueue(job("k0", 0)); // running: not waiting
    await queue.enqueue(job("k1", 1));
    await queue.enqueue(job("k2", 2));
    await queue.enqueue(job("k3", 3));
    await expect(queue.enqueue(job("k4", 4))).rejects.toThrow(QueueBusyError);
    release();
    await queue.idle();
    expect(ran).toEqual([0, 1, 2, 3]);
  });

  it("runs delayed jobs when their time comes", async () => {
    queue = new LocalQueue();
    const ran: string[] = [];
    queue.start(async (j) => {
      ran.push(j.key);
    });
    await queue.enqueue(job("later"), { delayMs: 30 });
    await queue.enqueue(job("now"));
    await queue.idle();
    expect(ran).toEqual(["now"]);
    await tick(60);
    expect(ran).toEqual(["now", "later"]);
  });

  it("lets a handler enqueue follow-up work", async () => {
    queue = new LocalQueue();
    const ran: string[] = [];
    queue.start(async (j, context) => {
      ran.push(j.kind);
      if (j.kind === "evaluate") await context.enqueue(job("repo", {}, "merge"));
    });
    await queue.enqueue(job("repo#1", {}, "evaluate"));
    await queue.idle();
    expect(ran).toEqual(["evaluate", "merge"]);
  });

  it("waits for running jobs on close and refuses new ones", async () => {
    queue = new LocalQueue();
    let finished = false;
    queue.start(async () => {
      await tick(20);
      finished = true;
    });
    await queue.enqueue(job("k"));
    await queue.enqueue(job("k2"), { delayMs: 10_000 });
    await queue.close();
    expect(finished).toBe(true);
    expect(queue.stats().delayed).toBe(0);
    await expect(queue.enqueue(job("k"))).rejects.toThrow(QueueClosedError);
    // A webhook refused while shutting down is answered 503.
    await expect(queue.enqueue(job("k"))).rejects.toMatchObject({ status: 503 });
  });

  it("accepts the redelivery of a delivery it refused as busy", async () => {
    queue = new LocalQueue({ maxDepth: 1, concurrency: 1 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const ran: string[] = [];
    queue.start(async (j) => {
      await gate;
      ran.push(j.key);
    });
    await queue.enqueue(job("k0")); // running
    await queue.enqueue(job("k1")); // waiting: the queue is full
    await expect(queue.enqueue(job("k2", {}, "work", "d2"))).rejects.toThrow(QueueBusyError);
    release();
    await queue.idle();
    expect(await queue.enqueue(job("k2", {}, "work", "d2"))).toBe("queued");
    await queue.idle();
    expect(await queue.enqueue(job("k2", {}, "work", "d2"))).toBe("duplicate");
    expect(ran).toEqual(["k0", "k1", "k2"]);
  });

  it("keeps a slot free for normal jobs while background jobs run", async () => {
    queue = new LocalQueue({ concurrency: 3 });
    const gates = new Map<string, () => void>();
    const started: string[] = [];
    queue.start(
      (j) =>
        new Promise<void>((resolve) => {
          started.push(j.key);
          gates.set(j.key, resolve);
        }),
    );
    for (let n = 0; n < 20; n++) await queue.enqueue(job(`bg${n}`), { priority: "background" });
    expect(started).toEqual(["bg0", "bg1"]);
    expect(queue.stats()).toMatchObject({ depth: 18, background: 18, inFlight: 2 });
    await queue.enqueue(job("fresh"));
    expect(started).toEqual(["bg0", "bg1", "fresh"]);
    gates.get("fresh")?.();
    await tick();
    expect(started).toHaveLength(3);
    gates.get("bg0")?.();
    await tick();
    expect(started).toEqual(["bg0", "bg1", "fresh", "bg2"]);
    for (let n = 1; n < 20; n++) {
      await tick();
      gates.get(`bg${n}`)?.();
    }
    await queue.idle();
    expect(queue.stats()).toMatchObject({ done: 21, background: 0 });
  });
});
