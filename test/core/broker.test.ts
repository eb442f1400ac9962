import { performance } from "node:perf_hooks";
import { afterEach, describe, expect, it } from "vitest";
import { Dealer, Router } from "zeromq";
import { Broker, type BrokerOptions } from "../../src/core/broker.ts";
import { Client } from "../../src/core/client.ts";
import {
  defaultBackoffMs,
  type Job,
  type JobHandler,
  QueueBusyError,
  RetryLaterError,
} from "../../src/core/job.ts";
import {
  decode,
  encodeDone,
  encodeEnqueue,
  encodeReady,
  encodeReports,
  type Message,
} from "../../src/core/protocol.ts";
import { Worker, type WorkerOptions } from "../../src/core/worker.ts";
import { quietLog, tick, transports, uniqAddress, waitFor } from "./helpers.ts";

const job = (key: string, payload: unknown = {}, kind = "work", deliveryId?: string): Job => ({
  kind,
  key,
  payload,
  ...(deliveryId ? { deliveryId } : {}),
});

const fast = { heartbeatMs: 50, livenessMs: 250 };

/**
 * A node timer may fire up to a millisecond before its delay as
 * performance.now() measures it (libuv's clock counts whole milliseconds).
 */
const timerSlackMs = 2;

/** The next message of `command` a hand-made socket receives, skipping the others (heartbeats). */
async function receiveCommand<C extends Message["command"]>(
  socket: Dealer,
  command: C,
): Promise<Extract<Message, { command: C }>> {
  for (;;) {
    const message = decode(await socket.receive());
    if (message?.command === command) return message as Extract<Message, { command: C }>;
  }
}

/*
 *   Client (DEALER) ──▶ frontend ROUTER ┐
 *                                       Broker
 *   Worker (DEALER) ◀─▶ backend ROUTER ─┘
 */
for (const transport of transports) {
  describe(`broker over ${transport}`, () => {
    let broker: Broker | undefined;
    const clients: Client[] = [];
    const workers: Worker[] = [];
    const raw: Dealer[] = [];

    afterEach(async () => {
      for (const socket of raw.splice(0)) socket.close();
      await Promise.all(workers.splice(0).map((worker) => worker.kill()));
      await Promise.all(clients.splice(0).map((client) => client.close()));
      await broker?.close();
      broker = undefined;
    });

    async function startBroker(options: Partial<BrokerOptions> = {}) {
      broker = new Broker({
        frontend: [uniqAddress(transport)],
        backend: [{ endpoint: uniqAddress(transport) }],
        log: quietLog,
        ...fast,
        ...options,
      });
      await broker.start();
      return broker;
    }

    function startWorker(handler: JobHandler, options: Partial<WorkerOptions> = {}) {
      const worker = new Worker({
        endpoint: broker?.endpoints.backend[0] as string,
        handler,
        log: quietLog,
        ...fast,
        ...options,
      });
      worker.start();
      workers.push(worker);
      return worker;
    }

    function startClient() {
      const client = new Client({
        endpoint: broker?.endpoints.frontend[0] as string,
        log: quietLog,
      });
      client.start();
      clients.push(client);
      return client;
    }

    it("runs one key's jobs one at a time in order, and different keys in parallel", async () => {
      await startBroker();
      const log = new Map<string, number[]>();
      let running = 0;
      let most = 0;
      const runningKeys = new Set<string>();
      const handler: JobHandler = async (j) => {
        expect(runningKeys.has(j.key)).toBe(false);
        runningKeys.add(j.key);
        running++;
        most = Math.max(most, running);
        await tick(Math.random() * 3);
        log.set(j.key, [...(log.get(j.key) ?? []), (j.payload as { n: number }).n]);
        running--;
        runningKeys.delete(j.key);
      };
      startWorker(handler, { concurrency: 4 });
      startWorker(handler, { concurrency: 4 });
      const client = startClient();
      const answers = [];
      for (let n = 0; n < 20; n++) {
        for (const key of ["a", "b", "c", "d", "e"]) answers.push(client.enqueue(job(key, { n })));
      }
      expect(new Set(await Promise.all(answers))).toEqual(new Set(["queued"]));
      await waitFor(() => broker?.stats().done === 100, "100 jobs");
      for (const key of ["a", "b", "c", "d", "e"]) {
        expect(log.get(key)).toEqual([...Array(20).keys()]);
      }
      expect(most).toBeGreaterThan(1);
    });

    it("answers a client that was silent past the liveness period (forgotten, then met again)", async () => {
      await startBroker();
      startWorker(async () => {});
      const client = startClient();
      expect(await client.enqueue(job("a"))).toBe("queued");
      // Several heartbeats with nothing from the client: the broker forgets it.
      await tick(fast.livenessMs * 2);
      expect(await client.enqueue(job("b"))).toBe("queued");
      await waitFor(() => broker?.stats().done === 2, "both jobs");
    });

    it("coalesces an equal waiting job and drops a delivery it has seen", async () => {
      await startBroker({ deliveryMemory: 2 });
      const client = startClient();
      // No worker yet: everything waits.
      expect(await client.enqueue(job("k", { n: 1 }))).toBe("queued");
      expect(await client.enqueue(job("k", { n: 1 }))).toBe("coalesced");
      expect(await client.enqueue(job("k", { n: 2 }))).toBe("queued");
      expect(await client.enqueue(job("k", { n: 1 }, "other"))).toBe("queued");
      expect(await client.enqueue(job("x", 1, "w", "d1"))).toBe("queued");
      expect(await client.enqueue(job("y", 2, "w", "d1"))).toBe("duplicate");
      await client.enqueue(job("z", 3, "w", "d2"));
      await client.enqueue(job("z", 4, "w", "d3")); // bounded memory: d1 forgotten
      expect(await client.enqueue(job("x", 5, "w", "d1"))).toBe("queued");
      const seen: unknown[] = [];
      startWorker(async (j) => {
        if (j.key === "k") seen.push(j.payload);
      });
      await waitFor(() => broker?.isIdle() === true && broker.stats().done === 7, "7 jobs");
      expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 1 }]);
      expect(broker?.stats()).toMatchObject({ coalesced: 1, duplicates: 1 });
    });

    it("retries a failing job with backoff, then dead-letters it with its error", async () => {
      const asked: number[] = [];
      await startBroker({
        maxAttempts: 3,
        backoffMs: (attempt) => {
          asked.push(attempt);
          return 40 * attempt;
        },
      });
      const attempts: number[] = [];
      const startedAt: number[] = [];
      const threwAt: number[] = [];
      startWorker(async (_j, context) => {
        startedAt.push(performance.now());
        attempts.push(context.attempt);
        threwAt.push(performance.now());
        throw new Error("GitHub said 500");
      });
      await startClient().enqueue(job("k", { a: 1 }, "w", "d-9"));
      await waitFor(() => broker?.stats().deadLettered === 1, "a dead letter");
      expect(attempts).toEqual([1, 2, 3]);
      // Retry n (1 = the first) is asked for when attempt n fails, no backoff
      // once the last attempt has failed, and each retry waits its backoff.
      expect(asked).toEqual([1, 2]);
      for (const retry of [1, 2]) {
        const waited = (startedAt[retry] as number) - (threwAt[retry - 1] as number);
        expect(waited).toBeGreaterThanOrEqual(40 * retry - timerSlackMs);
      }
      expect(broker?.stats()).toMatchObject({ failed: 3, retried: 2, deadLettered: 1 });
      expect(broker?.deadLetters()).toEqual([
        expect.objectContaining({
          job: job("k", { a: 1 }, "w", "d-9"),
          error: "GitHub said 500",
          attempts: 3,
        }),
      ]);
    });

    it("runs a dead letter's job again when a maintainer retries it", async () => {
      await startBroker({ maxAttempts: 1 });
      let fail = true;
      const ran: unknown[] = [];
      startWorker(async (j) => {
        if (fail) throw new Error("GitHub said 500");
        ran.push(j.payload);
      });
      await startClient().enqueue(job("k", { a: 1 }));
      await waitFor(() => broker?.stats().deadLettered === 1, "a dead letter");
      const [letter] = broker?.deadLetters() ?? [];
      expect(broker?.retryDeadLetter("dead-nope")).toBe(false);
      fail = false;
      expect(broker?.retryDeadLetter(letter?.id ?? "")).toBe(true);
      await waitFor(() => ran.length === 1, "the retried job");
      expect(ran).toEqual([{ a: 1 }]);
      expect(broker?.deadLetters()).toEqual([]);
      expect(broker?.retryDeadLetter(letter?.id ?? "")).toBe(false);
    });

    it("keeps a job that asks to run later, with no worker busy and no failure counted", async () => {
      await startBroker({ maxAttempts: 1 });
      const attempts: number[] = [];
      const worker = startWorker(async (_j, context) => {
        attempts.push(context.attempt);
        if (attempts.length === 1) throw new RetryLaterError(150, "secondary rate limit");
      });
      await startClient().enqueue(job("k"));
      await waitFor(() => broker?.stats().delayed === 1, "the delayed job");
      expect(worker.running).toBe(0);
      expect(broker?.stats().inFlight).toBe(0);
      await waitFor(() => broker?.stats().done === 1, "the retry");
      expect(attempts).toEqual([1, 1]);
      expect(broker?.stats()).toMatchObject({ failed: 0, deadLettered: 0, retried: 1 });
    });

    it("runs delayed enqueues when their time comes, and follow-ups a handler enqueues", async () => {
      await startBroker();
      const ran: string[] = [];
      startWorker(async (j, context) => {
        ran.push(j.key);
        if (j.key === "now") expect(await context.enqueue(job("follow-up"))).toBe("queued");
      });
      const client = startClient();
      await client.enqueue(job("later"), { delayMs: 100 });
      await client.enqueue(job("now"));
      await waitFor(() => ran.length === 2, "two jobs");
      expect(ran).toEqual(["now", "follow-up"]);
      await waitFor(() => ran.length === 3, "the delayed job");
      expect(ran[2]).toBe("later");
    });

    it("answers busy past its depth and loses no job it accepted", async () => {
      await startBroker({ maxDepth: 3 });
      const client = startClient();
      const results = await Promise.allSettled(
        [0, 1, 2, 3, 4].map((n) => client.enqueue(job(`k${n}`, n))),
      );
      expect(results.slice(0, 3).map((r) => r.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "fulfilled",
      ]);
      for (const result of results.slice(3)) {
        expect(result.status === "rejected" && result.reason).toBeInstanceOf(QueueBusyError);
      }
      const ran: number[] = [];
      startWorker(async (j) => {
        ran.push(j.payload as number);
      });
      await waitFor(() => ran.length === 3, "the accepted jobs");
      await tick(50);
      expect(ran.sort()).toEqual([0, 1, 2]);
    });

    it("accepts the redelivery of a delivery it answered busy, runs it once, then drops it as a duplicate", async () => {
      await startBroker({ maxDepth: 1 });
      const client = startClient();
      expect(await client.enqueue(job("a", 1))).toBe("queued");
      await expect(client.enqueue(job("x", 2, "w", "X"))).rejects.toBeInstanceOf(QueueBusyError);
      expect(broker?.stats()).toMatchObject({ depth: 1, duplicates: 0 });
      const ran: string[] = [];
      startWorker(async (j) => {
        ran.push(j.key);
      });
      await waitFor(() => broker?.isIdle() === true && broker.stats().done === 1, "the drain");
      // GitHub redelivers the delivery answered 503: not taken for a duplicate.
      expect(await client.enqueue(job("x", 2, "w", "X"))).toBe("queued");
      await waitFor(() => broker?.stats().done === 2, "the redelivered job");
      // Now it is remembered: a further redelivery is dropped.
      expect(await client.enqueue(job("x", 2, "w", "X"))).toBe("duplicate");
      await tick(50);
      expect(ran).toEqual(["a", "x"]);
      expect(broker?.stats()).toMatchObject({ done: 2, duplicates: 1, depth: 0, inFlight: 0 });
    });

    it("logs and drops malformed frames and keeps serving", async () => {
      const dropped: string[] = [];
      await startBroker({ log: { warn: (_object, message) => dropped.push(message ?? "") } });
      for (const endpoint of [
        ...(broker?.endpoints.frontend ?? []),
        ...(broker?.endpoints.backend ?? []),
      ]) {
        const socket = new Dealer({ linger: 0 });
        raw.push(socket);
        socket.connect(endpoint);
        await socket.send([Buffer.from("garbage")]);
        await socket.send(Buffer.from([...Buffer.from("C4Q2"), 0x10, 0, 0, 0, 99]));
        await socket.send(Buffer.from([...Buffer.from("C4Q2"), 0xee]));
        await socket.send(
          Buffer.concat([Buffer.from("C4Q2"), Buffer.of(0x01), Buffer.alloc(4000, 0xff)]),
        );
        // A peer of the protocol's first version (not upgraded with the broker).
        await socket.send([Buffer.from("C4Q1"), Buffer.of(0x01), Buffer.from([0, 0, 0, 8])]);
      }
      await waitFor(() => dropped.length >= 10, "ten drops");
      expect(dropped.filter((message) => message.includes("malformed"))).toHaveLength(8);
      expect(
        dropped.filter((message) => message.startsWith("message of protocol C4Q1 dropped")),
      ).toHaveLength(2);
      const ran: string[] = [];
      startWorker(async (j) => {
        ran.push(j.key);
      });
      await startClient().enqueue(job("still-alive"));
      await waitFor(() => ran.length === 1, "a job after the garbage");
    });

    it("has a worker and a client name a broker of another protocol version", async () => {
      // A broker of the protocol's first version, by hand: it answers every
      // message in that version's three frames.
      const old = new Router({ linger: 0 });
      const endpoint = uniqAddress(transport);
      await old.bind(endpoint);
      const answered = (async () => {
        for await (const [identity] of old) {
          await old.send([identity as Buffer, Buffer.from("C4Q1"), Buffer.of(0x06)]);
        }
      })().catch(() => {});
      try {
        const heard: string[] = [];
        const log = { warn: (_object: unknown, message?: string) => heard.push(message ?? "") };
        const worker = new Worker({
          endpoint: old.lastEndpoint ?? endpoint,
          handler: async () => {},
          log,
          ...fast,
        });
        worker.start();
        workers.push(worker);
        const client = new Client({ endpoint: old.lastEndpoint ?? endpoint, log });
        client.start();
        clients.push(client);
        void client.enqueue(job("a")).catch(() => {});
        await waitFor(
          () =>
            heard.some((message) => message.startsWith("worker: message of protocol C4Q1")) &&
            heard.some((message) => message.startsWith("client: message of protocol C4Q1")),
          "both to name the version",
        );
        expect(heard.find((message) => message.startsWith("worker:"))).toBe(
          "worker: message of protocol C4Q1 dropped: this side speaks C4Q2; upgrade the broker and its workers together",
        );
      } finally {
        old.close();
        await answered;
      }
    });

    it("takes worker reports on its backends only, and survives a listener that throws", async () => {
      const warnings: string[] = [];
      const heard: string[] = [];
      await startBroker({
        log: { warn: (_object, message) => warnings.push(message ?? "") },
        onReport: (topic, json) => {
          if (topic === "test.throws") throw new Error("a listener's bug");
          heard.push(`${topic} ${json}`);
        },
      });
      const report = (topic: string, json: string) => encodeReports([{ topic, json }]);
      const front = new Dealer({ linger: 0 });
      raw.push(front);
      front.connect(broker?.endpoints.frontend[0] as string);
      await front.send(report("test.front", "1"));
      await waitFor(() => warnings.includes("worker command on the frontend dropped"), "the drop");
      const back = new Dealer({ linger: 0 });
      raw.push(back);
      back.connect(broker?.endpoints.backend[0] as string);
      await back.send(report("test.throws", "2"));
      await back.send(report("test.back", '{"n":3}'));
      await waitFor(() => heard.length === 1, "the backend's report");
      expect(heard).toEqual(['test.back {"n":3}']);
      expect(warnings).toContain("report listener failed");
    });

    it("gives one job at a time to the worker that ran the last, and spreads a load evenly", async () => {
      await startBroker();
      const ranBy: string[] = [];
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const hold = { on: false };
      for (const name of ["a", "b"]) {
        startWorker(
          async () => {
            ranBy.push(name);
            if (hold.on) await held;
          },
          { concurrency: 4 },
        );
      }
      await waitFor(() => broker?.stats().workers === 2, "two workers");
      const client = startClient();
      for (let i = 0; i < 6; i++) {
        await client.enqueue(job(`one-${i}`));
        await waitFor(() => broker?.stats().done === i + 1, `job ${i}`);
      }
      // One in flight: the worker that is awake keeps them all.
      expect(new Set(ranBy).size).toBe(1);
      ranBy.length = 0;
      hold.on = true;
      for (let i = 0; i < 8; i++) await client.enqueue(job(`many-${i}`));
      await waitFor(() => ranBy.length === 8, "eight jobs running");
      // Least loaded first: four each.
      expect(ranBy.filter((name) => name === "a")).toHaveLength(4);
      release();
      await waitFor(() => broker?.stats().done === 14, "all done");
    });

    it("starts a fresh job at once while background jobs run, keeping a slot free for it", async () => {
      await startBroker({ backoffMs: () => 1 });
      const started: string[] = [];
      const gates: (() => void)[] = [];
      let background = 0;
      let mostBackground = 0;
      let failed = false;
      startWorker(
        async (j) => {
          started.push(j.key);
          const isBackground = j.key.startsWith("bg");
          if (isBackground) mostBackground = Math.max(mostBackground, ++background);
          try {
            // One failure: its retry must still wait behind normal work.
            if (j.key === "bg0" && !failed) {
              failed = true;
              throw new Error("once");
            }
            await new Promise<void>((resolve) => gates.push(resolve));
          } finally {
            if (isBackground) background--;
          }
        },
        { concurrency: 4 },
      );
      await waitFor(() => broker?.stats().workers === 1, "the worker");
      const client = startClient();
      const answers = [];
      for (let n = 0; n < 50; n++) {
        answers.push(client.enqueue(job(`bg${n}`), { priority: "background" }));
      }
      expect(new Set(await Promise.all(answers))).toEqual(new Set(["queued"]));
      await waitFor(() => broker?.stats().retried === 1 && started.length === 4, "four starts");
      await tick(20);
      // Four slots, one kept free; bg0 failed once and waits again, as background.
      expect(started).toEqual(["bg0", "bg1", "bg2", "bg3"]);
      // The priority crossed the wire: the broker counts the waiting background jobs.
      expect(broker?.stats()).toMatchObject({ inFlight: 3, depth: 47, background: 47 });
      expect(await client.enqueue(job("fresh"))).toBe("queued");
      await waitFor(() => started.includes("fresh"), "the fresh job");
      // Within one dispatch: the next job that started.
      expect(started[4]).toBe("fresh");
      while ((broker?.stats().done ?? 0) < 51) {
        for (const release of gates.splice(0)) release();
        await tick(2);
      }
      await waitFor(() => broker?.isIdle() === true, "idle");
      expect(mostBackground).toBe(3);
      expect(broker?.stats()).toMatchObject({ done: 51, failed: 1, background: 0 });
      // bg0's retry ran, after the fresh job.
      expect(started.lastIndexOf("bg0")).toBeGreaterThan(4);
    });

    it("dead-letters a job whose payload is not JSON, without running the handler", async () => {
      await startBroker({ maxAttempts: 2, backoffMs: () => 5 });
      const ran: Job[] = [];
      const errors: unknown[] = [];
      startWorker(
        async (j) => {
          ran.push(j);
        },
        { onError: (_j, error) => errors.push(error) },
      );
      // A client of another make, speaking the protocol with a broken payload.
      const socket = new Dealer({ linger: 0 });
      raw.push(socket);
      socket.connect(broker?.endpoints.frontend[0] as string);
      await socket.send(
        encodeEnqueue([
          { requestId: 1, delayMs: 0, kind: "w", key: "k", deliveryId: "", payload: "{not json" },
        ]),
      );
      await waitFor(() => broker?.stats().deadLettered === 1, "a dead letter");
      expect(ran).toEqual([]);
      // Not a handler error: onError is for what handlers throw.
      expect(errors).toEqual([]);
      expect(broker?.deadLetters()[0]).toMatchObject({
        job: { kind: "w", key: "k", payload: "{not json" },
        error: expect.stringMatching(/^bad payload: SyntaxError/),
        attempts: 2,
      });
    });

    it("re-dispatches the jobs of a worker that goes away mid-job (its socket closed)", async () => {
      await startBroker();
      const stuck = startWorker(() => new Promise(() => {})); // takes jobs, never answers
      const client = startClient();
      await waitFor(() => broker?.stats().workers === 1, "the first worker");
      await client.enqueue(job("k", 1));
      await waitFor(() => stuck.running === 1, "the job on the stuck worker");
      await stuck.kill(); // gone, as a crashed process: its socket is closed
      const ran: unknown[] = [];
      startWorker(async (j, context) => {
        ran.push([j.payload, context.attempt]);
      });
      await waitFor(() => broker?.stats().done === 1, "the job done on the other worker");
      expect(ran).toEqual([[1, 2]]);
      expect(broker?.stats()).toMatchObject({ workers: 1, done: 1, inFlight: 0 });
    });

    it("declares a worker that falls silent with its socket open dead after livenessMs, and re-dispatches its job", async () => {
      await startBroker();
      // A worker by hand: READY for one job, takes it, then says nothing,
      // its socket still open (a frozen process): no send to it fails, so
      // only the liveness period can tell the broker.
      const silent = new Dealer({ linger: 0, receiveTimeout: 10_000 });
      raw.push(silent);
      silent.connect(broker?.endpoints.backend[0] as string);
      const lastSaid = performance.now();
      await silent.send(encodeReady(1));
      await waitFor(() => broker?.stats().workers === 1, "the silent worker");
      const client = startClient();
      await client.enqueue(job("k", 1));
      const taken = await receiveCommand(silent, "job");
      expect(taken.jobs).toMatchObject([{ key: "k", attempt: 1 }]);
      const ranAt: number[] = [];
      const ran: unknown[] = [];
      startWorker(async (j, context) => {
        ranAt.push(performance.now());
        ran.push([j.payload, context.attempt]);
      });
      await waitFor(() => broker?.stats().done === 1, "the job done by the real worker");
      expect(ran).toEqual([[1, 2]]);
      // Not before the silent worker's last word was livenessMs old.
      expect((ranAt[0] as number) - lastSaid).toBeGreaterThanOrEqual(fast.livenessMs);
      expect(broker?.stats()).toMatchObject({
        workers: 1,
        done: 1,
        inFlight: 0,
        retried: 1,
        failed: 0,
      });
      // It wakes up and says the job is done: the broker, which took it for
      // dead, tells it to register again and counts nothing.
      await silent.send(encodeDone([taken.jobs[0]?.id as number]));
      await receiveCommand(silent, "disconnect");
      await tick(50);
      expect(ran).toHaveLength(1);
      expect(broker?.stats()).toMatchObject({ workers: 1, done: 1, inFlight: 0 });
    });

    it("shuts a worker down gracefully: running jobs finish, nothing is lost or doubled", async () => {
      await startBroker();
      const counts = new Map<number, number>();
      const handler: JobHandler = async (j) => {
        await tick(5);
        counts.set(j.payload as number, (counts.get(j.payload as number) ?? 0) + 1);
      };
      const leaving = startWorker(handler, { concurrency: 8 });
      const client = startClient();
      await Promise.all([...Array(200).keys()].map((n) => client.enqueue(job(`k${n % 20}`, n))));
      await waitFor(() => (broker?.stats().done ?? 0) > 10, "some progress");
      startWorker(handler, { concurrency: 8 });
      await leaving.close();
      await waitFor(() => broker?.stats().done === 200, "every job");
      expect([...counts.values()].every((count) => count === 1)).toBe(true);
      expect(counts.size).toBe(200);
    });
  });
}

describe("the default backoff", () => {
  it("is 1 s before the first retry, doubling, at most 60 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 30].map(defaultBackoffMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("is the broker's when it is given none: the first retry waits a second", async () => {
    const broker = new Broker({
      frontend: [uniqAddress("inproc")],
      backend: [{ endpoint: uniqAddress("inproc") }],
      log: quietLog,
      ...fast,
    });
    await broker.start();
    const worker = new Worker({
      endpoint: broker.endpoints.backend[0] as string,
      handler: async (_j, context) => {
        startedAt.push(performance.now());
        if (context.attempt === 1) throw new Error("GitHub said 500");
      },
      log: quietLog,
      ...fast,
    });
    const client = new Client({ endpoint: broker.endpoints.frontend[0] as string, log: quietLog });
    const startedAt: number[] = [];
    try {
      worker.start();
      client.start();
      await client.enqueue(job("k"));
      await waitFor(() => broker.stats().done === 1, "the retried job");
      expect(broker.stats()).toMatchObject({ failed: 1, retried: 1, done: 1 });
      expect(startedAt).toHaveLength(2);
      expect((startedAt[1] as number) - (startedAt[0] as number)).toBeGreaterThanOrEqual(
        defaultBackoffMs(1) - timerSlackMs,
      );
    } finally {
      await worker.kill();
      await client.close();
      await broker.close();
    }
  });
});
