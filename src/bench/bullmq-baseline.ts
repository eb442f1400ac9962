/**
 * The BullMQ baseline of the `core` scenario (issue 4: the core should reach
 * at least twice BullMQ's best rate on a local Redis). A private
 * `redis-server` on a free loopback port, without persistence; a BullMQ queue
 * filled first with 1 KB jobs, then drained by one Worker at concurrency 50
 * with a handler that does nothing: jobs completed per second.
 *
 * bullmq (and ioredis, its driver) are loaded with `await import()` only
 * here, so nothing else in c4bot loads them; both are devDependencies.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { benchPayload } from "./core-baselines.ts";
import { stopProcess } from "./stop-process.ts";

/** Jobs per sample: about 1 s at the ~20,000 jobs/s the issue measured. */
export const BULLMQ_JOBS = 20_000;
/** The Worker's concurrency: BullMQ's best in the measurement. */
export const BULLMQ_CONCURRENCY = 50;
/** Jobs per `addBulk` call while filling the queue. */
const FILL_CHUNK = 1000;
/** How long redis-server gets to answer PING, and then to exit on SIGTERM. */
const REDIS_TIMEOUT_MS = 10_000;
/** How long closing a BullMQ connection may take before it is cut. */
const CLOSE_TIMEOUT_MS = 5000;
/** A sample that has not completed by then has failed. */
const SAMPLE_LIMIT_MS = 60_000;

/** The `redis-server` binary on PATH, or undefined. */
export function redisServerPath(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout?.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Why the baseline cannot run here (no binary, packages not installed), or undefined. */
export function bullmqSkipReason(): string | undefined {
  if (!redisServerPath()) return "no redis-server binary";
  const require = createRequire(import.meta.url);
  for (const name of ["bullmq", "ioredis"]) {
    try {
      require.resolve(name);
    } catch {
      return `${name} is not installed (a devDependency)`;
    }
  }
  return undefined;
}

export interface RedisServer {
  pid: number;
  port: number;
}

/**
 * Runs `use` against a private redis-server on 127.0.0.1 (no RDB, no AOF,
 * its directory a temporary one), then stops it (SIGTERM, SIGKILL after a
 * timeout) and deletes the directory, whether `use` succeeded or not.
 */
export async function withRedisServer<T>(use: (server: RedisServer) => Promise<T>): Promise<T> {
  const binary = redisServerPath();
  if (!binary) throw new Error("[c4bot] bench: no redis-server binary on PATH");
  const dir = await mkdtemp(join(tmpdir(), "c4bot-redis-"));
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    // Its log, kept short, for the error when it does not come up.
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    };
    child = spawn(
      binary,
      [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const exited = new Promise<string>((resolve) => {
      child?.once("exit", (code, signal) => resolve(`exited (${code ?? signal})`));
      child?.once("error", (error) => resolve(`failed to start: ${error.message}`));
    });
    const failure = await Promise.race([waitForPing(port), exited]);
    if (failure !== undefined || child.pid === undefined) {
      throw new Error(
        `[c4bot] bench: redis-server ${failure ?? "has no pid"} on port ${port}: ${output.trim()}`,
      );
    }
    return await use({ pid: child.pid, port });
  } finally {
    if (child) await stopProcess(child, REDIS_TIMEOUT_MS);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * One sample: fills a fresh queue with `jobs` jobs, then times one Worker at
 * `concurrency` from its start until every job has completed; jobs/s.
 * Completed jobs are removed, so Redis's memory stays small.
 */
export async function bullmqRate(
  port: number,
  jobs = BULLMQ_JOBS,
  concurrency = BULLMQ_CONCURRENCY,
): Promise<number> {
  const { Queue, Worker } = await import("bullmq");
  const connection = { host: "127.0.0.1", port };
  const name = `bench-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, {
    connection,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: true },
  });
  let failed: ((error: Error) => void) | undefined;
  const fail = (error: Error) => failed?.(error);
  queue.on("error", fail);
  const worker = new Worker(name, async () => {}, { connection, concurrency, autorun: false });
  try {
    for (let n = 0; n < jobs; n += FILL_CHUNK) {
      const chunk = [];
      for (let i = n; i < Math.min(jobs, n + FILL_CHUNK); i++) {
        chunk.push({ name: "bench", data: benchPayload(i) });
      }
      await queue.addBulk(chunk);
    }
    await worker.waitUntilReady();
    let completed = 0;
    const allDone = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`[c4bot] bench: BullMQ completed ${completed} of ${jobs} jobs in time`)),
        SAMPLE_LIMIT_MS,
      );
      failed = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      worker.on("error", fail);
      worker.on("failed", (_job, error) => fail(error));
      worker.on("completed", () => {
        if (++completed < jobs) return;
        clearTimeout(timer);
        resolve();
      });
    });
    const start = performance.now();
    worker.run().catch(fail);
    await allDone;
    return jobs / ((performance.now() - start) / 1000);
  } finally {
    await closeOrCut(worker);
    await closeOrCut(queue);
  }
}

/** Closes a BullMQ worker or queue; cuts its connections if that takes too long. */
async function closeOrCut(client: { close(): Promise<void>; disconnect(): Promise<void> }) {
  const closed = await Promise.race([
    client.close().then(
      () => true,
      () => false,
    ),
    sleep(CLOSE_TIMEOUT_MS, false, { ref: false }),
  ]);
  if (!closed) await client.disconnect().catch(() => {});
}

/** A port the OS had free a moment ago (a listener on port 0, closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no port"))));
    });
  });
}

/** Undefined once redis-server on `port` answers PING; why not, after the timeout. */
async function waitForPing(port: number): Promise<string | undefined> {
  const deadline = Date.now() + REDIS_TIMEOUT_MS;
  while (!(await ping(port))) {
    if (Date.now() > deadline) return `did not answer PING in ${REDIS_TIMEOUT_MS / 1000} s`;
    await sleep(20);
  }
  return undefined;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once("error", () => finish(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      reply += data.toString();
      if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
    });
  });
}
