import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { Broker, type BrokerOptions } from "../../src/core/broker.ts";
import { Client } from "../../src/core/client.ts";
import { Worker } from "../../src/core/worker.ts";
import {
  fixedTcpAddress,
  keygen,
  killAll,
  quietLog,
  spawnWorker,
  tick,
  uniqAddress,
  waitFor,
} from "./helpers.ts";

// Real `c4bot worker` processes (node dist/cli.js: `npm test` builds first).
const fast = { heartbeatMs: 50, livenessMs: 300 };

describe("the core with worker processes", () => {
  let broker: Broker | undefined;
  const clients: Client[] = [];
  const workers: Worker[] = [];

  afterEach(async () => {
    await killAll();
    await Promise.all(workers.splice(0).map((worker) => worker.kill()));
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await broker?.close();
    broker = undefined;
  });
  afterAll(killAll);

  async function startBroker(options: Partial<BrokerOptions> = {}) {
    broker = new Broker({
      frontend: [uniqAddress("inproc")],
      backend: [{ endpoint: uniqAddress("tcp") }],
      log: quietLog,
      ...fast,
      ...options,
    });
    await broker.start();
    const client = new Client({ endpoint: broker.endpoints.frontend[0] as string, log: quietLog });
    client.start();
    clients.push(client);
    return { broker, client, backend: broker.endpoints.backend[0] as string };
  }

  it("finishes a job exactly once on another worker when its worker is SIGKILLed mid-job", async () => {
    const { broker, client, backend } = await startBroker();
    const doomed = spawnWorker(backend, "sleep:60000");
    await waitFor(() => broker.stats().workers === 1, "the first worker");
    await client.enqueue({ kind: "w", key: "o/r#1", payload: { n: 1 } });
    await waitFor(() => doomed.events.some((e) => e.event === "start"), "the job to start");
    const rescuer = spawnWorker(backend, "echo");
    await waitFor(() => broker.stats().workers === 2, "the second worker");
    doomed.child.kill("SIGKILL");
    await waitFor(() => broker.stats().done === 1, "the job done elsewhere");
    await tick(200);
    expect(rescuer.events.filter((e) => e.event === "done")).toEqual([
      expect.objectContaining({ key: "o/r#1", payload: { n: 1 } }),
    ]);
    expect(broker.stats()).toMatchObject({ done: 1, inFlight: 0, workers: 1 });
  });

  it("detects a stuck worker (a blocked event loop sends no heartbeat) and re-dispatches its job", async () => {
    const { broker, client, backend } = await startBroker();
    const stuck = spawnWorker(backend, "block:3000");
    await waitFor(() => broker.stats().workers === 1, "the stuck worker");
    await client.enqueue({ kind: "w", key: "k", payload: 1 });
    await waitFor(() => stuck.events.length > 0, "the job to start");
    const healthy = spawnWorker(backend, "echo");
    await waitFor(
      () => healthy.events.some((e) => e.event === "done"),
      "the job re-dispatched",
      15_000,
    );
    await waitFor(() => broker.stats().done === 1, "its DONE at the broker");
  });

  it("survives a broker restart: workers and clients reconnect and jobs flow again", async () => {
    const frontend = fixedTcpAddress();
    const backend = fixedTcpAddress();
    const options = {
      frontend: [frontend],
      backend: [{ endpoint: backend }],
      log: quietLog,
      ...fast,
    };
    broker = new Broker(options);
    await broker.start();
    const worker = spawnWorker(backend, "echo");
    const client = new Client({
      endpoint: frontend,
      log: quietLog,
      resendMs: 200,
      timeoutMs: 10_000,
    });
    client.start();
    clients.push(client);
    await client.enqueue({ kind: "w", key: "before", payload: 1 });
    await waitFor(
      () => worker.events.some((e) => e.key === "before" && e.event === "done"),
      "a job before",
    );
    await broker.close();
    // Sent while no broker runs: resent until the new one answers.
    const answer = client.enqueue({ kind: "w", key: "after", payload: 2 });
    await tick(300);
    broker = new Broker(options);
    await broker.start();
    expect(await answer).toBe("queued");
    await waitFor(
      () => worker.events.some((e) => e.key === "after" && e.event === "done"),
      "a job after",
    );
    expect(worker.child.exitCode).toBeNull();
  });

  it("refuses a worker whose CURVE key it was not given: it gets no jobs", async () => {
    const server = curveKeyPair();
    const allowed = curveKeyPair();
    const stranger = curveKeyPair();
    const { broker, client, backend } = await startBroker({
      backend: [
        { endpoint: "tcp://127.0.0.1:0", curve: { ...server, allowedKeys: [allowed.publicKey] } },
      ],
    });
    const ran: string[] = [];
    const intruder = new Worker({
      endpoint: backend,
      handler: async (job) => {
        ran.push(`intruder ${job.key}`);
      },
      curve: { ...stranger, serverKey: server.publicKey },
      log: quietLog,
      ...fast,
    });
    intruder.start();
    workers.push(intruder);
    await client.enqueue({ kind: "w", key: "secret", payload: 1 });
    await tick(500);
    expect(broker.stats()).toMatchObject({ workers: 0, depth: 1 });
    const friend = new Worker({
      endpoint: backend,
      handler: async (job) => {
        ran.push(`friend ${job.key}`);
      },
      curve: { ...allowed, serverKey: server.publicKey },
      log: quietLog,
      ...fast,
    });
    friend.start();
    workers.push(friend);
    await waitFor(() => ran.length === 1, "the allowed worker's job");
    expect(ran).toEqual(["friend secret"]);
  });

  it("runs jobs on a `c4bot worker --curve-keys` process it knows, none on one it does not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "c4bot-curve-"));
    try {
      const server = curveKeyPair();
      // The allowed worker's pair from `c4bot keygen --out`, its public half as printed.
      const friendKeys = join(dir, "friend.keys");
      const friendKey = keygen(friendKeys);
      // Another pair, in the file format keygen writes, that the broker is not given.
      const strangerKeys = join(dir, "stranger.keys");
      writeFileSync(strangerKeys, JSON.stringify(curveKeyPair()), { mode: 0o600 });
      const { broker, client, backend } = await startBroker({
        backend: [
          { endpoint: "tcp://127.0.0.1:0", curve: { ...server, allowedKeys: [friendKey] } },
        ],
      });
      // KEY joined with "=": a Z85 key may start with "-", which parseArgs takes for a flag.
      const curve = (keys: string) => ["--curve-keys", keys, `--broker-key=${server.publicKey}`];
      const intruder = spawnWorker(backend, "echo", curve(strangerKeys));
      await waitFor(() => intruder.stderr.includes("taking jobs from"), "the intruder to start");
      await client.enqueue({ kind: "w", key: "secret", payload: 1 });
      await tick(500);
      // Up and trying, but refused: the job waits.
      expect(intruder.child.exitCode).toBeNull();
      expect(broker.stats()).toMatchObject({ workers: 0, depth: 1, done: 0 });
      const friend = spawnWorker(backend, "echo", curve(friendKeys));
      await waitFor(() => broker.stats().done === 1, "the allowed worker's job");
      expect(friend.events.filter((e) => e.event === "done")).toEqual([
        expect.objectContaining({ key: "secret", payload: 1 }),
      ]);
      expect(intruder.events).toEqual([]);
      expect(broker.stats()).toMatchObject({ workers: 1, depth: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves gracefully on SIGTERM: running jobs finish, the rest go to another worker", async () => {
    const { broker, client, backend } = await startBroker();
    const leaving = spawnWorker(backend, "sleep:20", ["--concurrency", "4"]);
    await waitFor(() => broker.stats().workers === 1, "the first worker");
    await Promise.all(
      [...Array(40).keys()].map((n) => client.enqueue({ kind: "w", key: `k${n % 8}`, payload: n })),
    );
    await waitFor(() => broker.stats().done >= 4, "some progress");
    const staying = spawnWorker(backend, "echo");
    await waitFor(() => broker.stats().workers === 2, "the second worker");
    leaving.child.kill("SIGTERM");
    expect(await leaving.exited).toBe(0);
    await waitFor(() => broker.stats().done === 40, "every job");
    const done = [...leaving.events, ...staying.events].filter((e) => e.event === "done");
    expect(done.map((e) => e.payload).sort((a, b) => (a as number) - (b as number))).toEqual([
      ...Array(40).keys(),
    ]);
  });

  it("passes what a worker process reports to the broker's listener, and a SIGTERM loses none", async () => {
    const reports: [string, string][] = [];
    const { broker, client, backend } = await startBroker({
      onReport: (topic, json) => reports.push([topic, json]),
    });
    const reporter = spawnWorker(backend, "report");
    await waitFor(() => broker.stats().workers === 1, "the worker");
    await Promise.all(
      [...Array(30).keys()].map((n) => client.enqueue({ kind: "w", key: `o/r#${n}`, payload: n })),
    );
    await waitFor(() => broker.stats().done === 30, "every job");
    reporter.child.kill("SIGTERM");
    expect(await reporter.exited).toBe(0);
    expect(reports.map(([topic]) => topic)).toEqual(Array(30).fill("test.report"));
    expect(reports.map(([, json]) => JSON.parse(json).key).sort()).toEqual(
      [...Array(30).keys()].map((n) => `o/r#${n}`).sort(),
    );
  });
});
