import { describe, expect, it } from "vitest";
import { Dealer, Router } from "zeromq";
import { Broker } from "../../src/core/broker.ts";
import { Client } from "../../src/core/client.ts";
import { QueueClosedError } from "../../src/core/job.ts";
import { defaultSocketSettings, socketOptions } from "../../src/core/sockets.ts";
import { Worker } from "../../src/core/worker.ts";
import { quietLog, tick, uniqAddress } from "./helpers.ts";

/** Fails with `what` if `promise` has not settled within `ms`: a hang, not a speed. */
async function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still not done after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** A tcp endpoint where nothing listens: bound once, then closed. */
async function deadEndpoint(): Promise<string> {
  const router = new Router({ linger: 0 });
  await router.bind("tcp://127.0.0.1:*");
  const endpoint = router.lastEndpoint as string;
  router.close();
  return endpoint;
}

describe("the core's sockets", () => {
  it("are bounded: linger, send and receive timeouts are finite (zeromq's default is for ever)", () => {
    const options = socketOptions(defaultSocketSettings);
    const socket = new Dealer(options);
    try {
      for (const name of ["linger", "sendTimeout", "receiveTimeout"] as const) {
        // -1 is zeromq's "for ever".
        expect(socket[name], name).toBeGreaterThan(0);
        expect(socket[name], name).toBe(options[name]);
      }
      expect(socket.sendHighWaterMark).toBe(defaultSocketSettings.highWaterMark);
      expect(socket.receiveHighWaterMark).toBe(defaultSocketSettings.highWaterMark);
    } finally {
      socket.close();
    }
  });

  it("let a client and a worker close while their broker never answers, an enqueue pending", async () => {
    const endpoint = await deadEndpoint();
    const client = new Client({ endpoint, log: quietLog, timeoutMs: 60_000 });
    client.start();
    // Its outcome, caught now: close() rejects it before anything awaits it.
    const pending = client.enqueue({ kind: "k", key: "o/r#1", payload: {} }).then(
      () => "answered",
      (error: unknown) => error,
    );
    const worker = new Worker({
      endpoint,
      handler: async () => {},
      heartbeatMs: 50,
      livenessMs: 200,
      log: quietLog,
    });
    worker.start();
    await tick(300); // the worker has reconnected at least once by now
    await settlesWithin(Promise.all([client.close(), worker.close()]), 10_000, "close");
    expect(await pending).toBeInstanceOf(QueueClosedError);
  });

  it("let a broker close with jobs in flight on a worker that died", async () => {
    const broker = new Broker({
      frontend: [uniqAddress("inproc")],
      backend: [{ endpoint: uniqAddress("tcp") }],
      heartbeatMs: 50,
      livenessMs: 10_000,
      log: quietLog,
    });
    await broker.start();
    const client = new Client({ endpoint: broker.endpoints.frontend[0] as string, log: quietLog });
    client.start();
    const started: string[] = [];
    const worker = new Worker({
      endpoint: broker.endpoints.backend[0] as string,
      handler: (job) => {
        started.push(job.key);
        return new Promise(() => {}); // never finishes
      },
      concurrency: 2,
      heartbeatMs: 50,
      log: quietLog,
    });
    worker.start();
    await client.enqueue({ kind: "k", key: "o/r#1", payload: {} });
    await client.enqueue({ kind: "k", key: "o/r#2", payload: {} });
    for (let i = 0; i < 200 && started.length < 2; i++) await tick(10);
    expect(started.sort()).toEqual(["o/r#1", "o/r#2"]);
    await worker.kill(); // gone without a word: the broker still counts its jobs in flight
    expect(broker.stats().inFlight).toBe(2);
    await settlesWithin(Promise.all([client.close(), broker.close()]), 10_000, "close");
  });
});
