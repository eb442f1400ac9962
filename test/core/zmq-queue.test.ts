import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Dealer } from "zeromq";
import { type Job, QueueClosedError } from "../../src/core/job.ts";
import { encodeReports } from "../../src/core/protocol.ts";
import { Worker } from "../../src/core/worker.ts";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import { killAll, quietLog, spawnWorker, tick, waitFor } from "./helpers.ts";

const job = (key: string, payload: unknown = {}, kind = "work"): Job => ({ kind, key, payload });

describe("ZmqQueue", () => {
  let queue: ZmqQueue | undefined;
  afterEach(async () => {
    await queue?.close();
    queue = undefined;
    await killAll();
  });
  afterAll(killAll);

  it("is a JobQueue: per-key order, idle, follow-ups, stats with a latency histogram", async () => {
    queue = new ZmqQueue({ workers: 2, concurrency: 4, log: quietLog });
    const log: string[] = [];
    queue.start(async (j, context) => {
      log.push(`${j.key}:${(j.payload as { n: number }).n}`);
      await tick(1);
      if (j.kind === "evaluate") await context.enqueue(job("repo", { n: 0 }, "merge"));
    });
    for (let n = 0; n < 5; n++) await queue.enqueue(job("a/b#1", { n }));
    await queue.enqueue(job("a/b#2", { n: 9 }, "evaluate"));
    await queue.idle();
    expect(log.filter((line) => line.startsWith("a/b#1"))).toEqual(
      [0, 1, 2, 3, 4].map((n) => `a/b#1:${n}`),
    );
    expect(log).toContain("repo:0");
    const stats = queue.stats();
    expect(stats).toMatchObject({ depth: 0, inFlight: 0, done: 7, workers: 2 });
    expect(stats.latency.count).toBe(7);
    expect(stats.latency.counts.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it("waits for running jobs on close and refuses new ones", async () => {
    queue = new ZmqQueue({ log: quietLog });
    let finished = false;
    queue.start(async () => {
      await tick(50);
      finished = true;
    });
    await queue.enqueue(job("k"));
    await queue.enqueue(job("k2"), { delayMs: 10_000 });
    await waitFor(() => queue?.stats().inFlight === 1, "the running job");
    await queue.close();
    expect(finished).toBe(true);
    await expect(queue.enqueue(job("k"))).rejects.toThrow(QueueClosedError);
    // A webhook refused while shutting down is answered 503.
    await expect(queue.enqueue(job("k"))).rejects.toMatchObject({ status: 503 });
  });

  it("shares the work with remote worker processes on its tcp endpoint", async () => {
    queue = new ZmqQueue({
      workers: 0,
      heartbeatMs: 50,
      log: quietLog,
      remote: [{ endpoint: "tcp://127.0.0.1:0" }],
    });
    await queue.listen();
    const remote = spawnWorker(queue.endpoints.backend[1] as string, "echo");
    const settled: string[] = [];
    queue.onSettled((j, outcome) => settled.push(`${j.key}:${j.payload}:${outcome}`));
    queue.start(async () => {});
    for (let n = 0; n < 10; n++) await queue.enqueue(job(`k${n}`, n));
    await waitFor(
      () => remote.events.filter((e) => e.event === "done").length === 10,
      "ten remote jobs",
    );
    await queue.idle();
    expect(queue.stats()).toMatchObject({ done: 10, workers: 1 });
    // The broker knows when a remote job is done: its listeners hear it, payload and all.
    expect(settled.sort()).toEqual([...Array(10).keys()].map((n) => `k${n}:${n}:done`).sort());
  });

  it("hands workers' reports, parsed, to every listener; bad ones are logged and dropped", async () => {
    const warnings: string[] = [];
    queue = new ZmqQueue({
      workers: 0,
      heartbeatMs: 50,
      log: { warn: (_object, message) => warnings.push(String(message)) },
    });
    const heard: unknown[] = [];
    queue.onReport(() => {
      throw new Error("a listener's bug");
    });
    queue.onReport((topic, data) => heard.push({ topic, data }));
    await queue.listen();
    const backend = queue.endpoints.backend[0] as string;
    // A worker in this process on the queue's own backend, as a remote one would be.
    const worker: Worker = new Worker({
      endpoint: backend,
      heartbeatMs: 50,
      log: quietLog,
      handler: async (j): Promise<void> => worker.report("test.ran", { key: j.key, at: [1, "é"] }),
    });
    worker.start();
    try {
      await queue.enqueue(job("o/r#7"));
      await waitFor(() => heard.length === 1, "the report");
      expect(heard).toEqual([{ topic: "test.ran", data: { key: "o/r#7", at: [1, "é"] } }]);
      expect(warnings).toContain("report listener failed");
      // Not JSON: the broker's process drops it, and keeps serving.
      const raw = new Dealer({ linger: 0 });
      raw.connect(backend);
      await raw.send(encodeReports([{ topic: "test.raw", json: "{not json" }]));
      await waitFor(() => warnings.includes("worker report is not JSON: dropped"), "the warning");
      raw.close();
      // A report that is not JSON never leaves the worker.
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      worker.report("test.cyclic", cyclic);
      await queue.enqueue(job("o/r#8"));
      await waitFor(() => heard.length === 2, "the next report");
      expect(heard[1]).toEqual({ topic: "test.ran", data: { key: "o/r#8", at: [1, "é"] } });
    } finally {
      await worker.close();
    }
  });
});
