import { performance } from "node:perf_hooks";
import { Router } from "zeromq";
import { Outbox, type Peer } from "./broker-outbox.ts";
import { WorkerPool, type WorkerRecord } from "./broker-workers.ts";
import type { DeadLetter, Job, QueueStats, SettledListener } from "./job.ts";
import { KeyedScheduler } from "./keyed-scheduler.ts";
import {
  type AckResult,
  DEFAULT_BATCH_SIZE,
  decode,
  type EnqueueRecord,
  encodeDisconnect,
  encodeHeartbeat,
  encodeStats,
  type FailRecord,
  NO_RETRY_AFTER,
  PERMANENT_FAILURE,
  type ReportRecord,
  versionMismatch,
} from "./protocol.ts";
import type { Scheduled, SchedulingOptions } from "./scheduler-options.ts";
import {
  type CurveKeyPair,
  defaultSocketSettings,
  receiveLoop,
  type SocketSettings,
  socketOptions,
} from "./sockets.ts";
import { allowCurveKeys } from "./zap.ts";

/** Where the broker logs what it drops; pino-compatible (Probot's `log`). */
export interface CoreLogger {
  warn(object: object, message?: string): void;
}

/** A backend endpoint for workers, optionally behind CurveZMQ. */
export interface BackendEndpoint {
  /** `inproc://...`, `ipc://...` or `tcp://HOST:PORT` (port 0 or `*` picks one). */
  endpoint: string;
  /**
   * ZMQ_CURVE_SERVER with this key pair, accepting only workers whose public
   * key is in `allowedKeys` (checked by the process's ZAP handler, see zap.ts).
   */
  curve?: CurveKeyPair & { allowedKeys: readonly string[] };
}

export interface BrokerOptions extends SchedulingOptions {
  /** Endpoints clients (enqueuers) connect to. */
  frontend: readonly string[];
  /** Endpoints workers connect to; each is its own ROUTER (CURVE is per socket). */
  backend: readonly BackendEndpoint[];
  /** Paranoid Pirate: how often the broker and its workers say they are alive. */
  heartbeatMs?: number;
  /** Paranoid Pirate: silence after which a worker is dead (default 3 heartbeats). */
  livenessMs?: number;
  /** Most records in one message (DEFAULT_BATCH_SIZE; the pitfalls: batches of 16 were 3x faster than 1). */
  batchSize?: number;
  socket?: Partial<SocketSettings>;
  log?: CoreLogger;
  /** Told of every job done (benchmarks time end-to-end latency with it). */
  onDone?: (kind: string, key: string) => void;
  /**
   * Told of every REPORT record a worker sends (`Worker.report`): a topic and
   * JSON text the broker does not read. Without it reports are dropped.
   */
  onReport?: (topic: string, json: string) => void;
}

/** QueueStats (`background` included) plus what only the broker knows. */
export interface BrokerStats extends Required<QueueStats> {
  /** Workers registered and alive. */
  workers: number;
  /** Job latency, enqueue (or release from delay) to DONE, for a Prometheus histogram. */
  latency: { bucketsMs: readonly number[]; counts: number[]; count: number; sumMs: number };
}

/** Upper bounds (ms) of the latency histogram's buckets; the last bucket is +Inf. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
];

/** A job as the broker holds it; `readyAt` is performance.now() when it became runnable. */
interface Entry extends Scheduled {
  id: number;
  kind: string;
  deliveryId: string;
  /** JSON text as the client sent it: the broker never parses it. */
  payload: Buffer;
}

type Phase = "new" | "running" | "draining" | "closed";

/**
 * The broker (ZeroMQ Guide, ch. 4, Paranoid Pirate; ROUTER in front of
 * clients, ROUTER behind for workers). It owns every job, scheduled by a
 * KeyedScheduler (per-key order, coalescing, dedupe, retries, dead letters,
 * delays, background jobs behind normal ones), and adds the transport:
 * sockets, worker credit, heartbeats, ZAP and the outbox. Workers take
 * several jobs at once (their credit), and every message carries a batch
 * of records.
 */
export class Broker {
  #state = {
    phase: "new" as Phase,
    frontends: [] as Router[],
    backends: [] as Router[],
    loops: [] as Promise<void>[],
    endpoints: { frontend: [] as string[], backend: [] as string[] },
    undoZap: [] as (() => Promise<void>)[],
    heartbeatTimer: undefined as NodeJS.Timeout | undefined,
    nextId: 1,
    /** Unknown workers told to register again, so each is told once, not once per message. */
    told: new Set<string>(),
    idleWaiters: [] as (() => void)[],
    /**
     * performance.now() when the message (or timer) being handled arrived:
     * read once per batch, not once per job (the clock is a system call on
     * some VMs, ~0.1-0.4 µs here).
     */
    now: 0,
    latency: {
      counts: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
      count: 0,
      sumMs: 0,
    },
  };
  readonly #options: Required<
    Pick<BrokerOptions, "frontend" | "backend" | "heartbeatMs" | "batchSize">
  > &
    Pick<BrokerOptions, "onDone" | "onReport"> & {
      livenessMs: number;
      socket: SocketSettings;
      log: CoreLogger;
    };
  readonly #outbox: Outbox;
  readonly #workers = new WorkerPool<Entry>();
  readonly #scheduler: KeyedScheduler<Entry>;
  readonly #settledListeners: SettledListener[] = [];

  constructor(options: BrokerOptions) {
    const heartbeatMs = options.heartbeatMs ?? 1000;
    this.#scheduler = new KeyedScheduler<Entry>({
      maxDepth: options.maxDepth,
      maxAttempts: options.maxAttempts,
      backoffMs: options.backoffMs,
      deliveryMemory: options.deliveryMemory,
      deadLetterMemory: options.deadLetterMemory,
      backgroundReserve: options.backgroundReserve,
      same: (a, b) => a.kind === b.kind && a.payload.equals(b.payload),
      again: (entry, attempt) => ({ ...entry, id: this.#nextId(), attempt }),
      // A copy: the received batch it points into need not live as long as the delay.
      hold: (entry) => ({ ...entry, payload: Buffer.from(entry.payload) }),
      describe: toJob,
      onTimer: (release) => {
        if (this.#state.phase !== "running") return;
        this.#state.now = performance.now();
        release();
        this.#pump();
        this.#settle();
      },
      now: () => this.#state.now,
      onSettled: (entry, outcome) => {
        const listeners = this.#settledListeners;
        if (listeners.length === 0) return;
        const job = toJob(entry);
        for (const listener of listeners) {
          try {
            listener(job, outcome);
          } catch (error) {
            this.#options.log.warn({ err: error }, "settled listener failed");
          }
        }
      },
    });
    this.#options = {
      frontend: options.frontend,
      backend: options.backend,
      heartbeatMs,
      livenessMs: options.livenessMs ?? heartbeatMs * 3,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      socket: { ...defaultSocketSettings, ...options.socket },
      log: options.log ?? { warn: (object, message) => console.warn(message, object) },
      onDone: options.onDone,
      onReport: options.onReport,
    };
    this.#outbox = new Outbox({
      batchSize: this.#options.batchSize,
      onUnreachable: (peer, error) => {
        // Its jobs go elsewhere.
        this.#options.log.warn({ peer: peer.name, err: error }, "peer unreachable: dropped");
        const worker = this.#workers.get(peer.name);
        this.#state.now = performance.now();
        if (worker) this.#dropWorker(worker, "lost");
        this.#pump();
      },
      onError: (error) => this.#options.log.warn({ err: error }, "broker send failed"),
    });
  }

  /** The endpoints actually bound (a tcp port 0 resolved), frontend then backend. */
  get endpoints(): { frontend: readonly string[]; backend: readonly string[] } {
    return this.#state.endpoints;
  }

  /** Binds every endpoint and starts serving. */
  async start(): Promise<void> {
    const state = this.#state;
    if (state.phase !== "new") throw new Error(`[c4bot] broker cannot start: it is ${state.phase}`);
    state.phase = "running";
    const base = {
      ...socketOptions(this.#options.socket),
      /** ZMQ_ROUTER_MANDATORY: a send to a peer that left fails instead of vanishing. */
      mandatory: true,
    };
    try {
      for (const endpoint of this.#options.frontend) {
        const socket = new Router(base);
        state.frontends.push(socket);
        await socket.bind(endpoint);
        state.endpoints.frontend.push(socket.lastEndpoint ?? endpoint);
        state.loops.push(this.#serve(socket, "frontend"));
      }
      for (const [index, { endpoint, curve }] of this.#options.backend.entries()) {
        let zap: { zapDomain: string } | undefined;
        if (curve) {
          const domain = `c4bot-${process.pid}-${Math.random().toString(36).slice(2)}-${index}`;
          state.undoZap.push(await allowCurveKeys(domain, curve.allowedKeys));
          zap = { zapDomain: domain };
        }
        const socket = new Router({
          ...base,
          ...(curve
            ? {
                /** ZMQ_CURVE_SERVER: this side holds the long-term key; clients must know it. */
                curveServer: true,
                /** ZMQ_CURVE_SECRETKEY: the broker's secret key. */
                curveSecretKey: curve.secretKey,
                /** ZMQ_CURVE_PUBLICKEY: the broker's public key. */
                curvePublicKey: curve.publicKey,
                /** ZMQ_ZAP_DOMAIN: which allowed-keys list the ZAP handler checks. */
                ...zap,
              }
            : {}),
        });
        state.backends.push(socket);
        await socket.bind(endpoint);
        state.endpoints.backend.push(socket.lastEndpoint ?? endpoint);
        state.loops.push(this.#serve(socket, "backend"));
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    state.heartbeatTimer = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    state.heartbeatTimer.unref();
  }

  /** Stops accepting and dispatching jobs (enqueues are answered "closed"); results are still taken. */
  stop(): void {
    if (this.#state.phase === "running") this.#state.phase = "draining";
  }

  /** Closes every socket and drops delayed jobs; waiting jobs are lost (the reconciler re-finds them). */
  async close(): Promise<void> {
    const state = this.#state;
    if (state.phase === "closed") return;
    state.phase = "closed";
    clearInterval(state.heartbeatTimer);
    this.#scheduler.close();
    for (const socket of [...state.frontends, ...state.backends]) socket.close();
    await Promise.allSettled(state.loops);
    for (const undo of state.undoZap.splice(0)) await undo();
    for (const resolve of state.idleWaiters.splice(0)) resolve();
  }

  stats(): BrokerStats {
    const state = this.#state;
    return {
      ...this.#scheduler.stats(),
      workers: this.#workers.size,
      latency: {
        bucketsMs: LATENCY_BUCKETS_MS,
        counts: [...state.latency.counts],
        count: state.latency.count,
        sumMs: state.latency.sumMs,
      },
    };
  }

  /** Hears each job finished with: DONE from its worker, or dead-lettered. */
  onSettled(listener: SettledListener): void {
    this.#settledListeners.push(listener);
  }

  deadLetters(): DeadLetter[] {
    return this.#scheduler.deadLetters();
  }

  /** Queues a dead letter's job again as it was, with fresh attempts; false for an unknown id. */
  retryDeadLetter(id: string): boolean {
    this.#state.now = performance.now();
    if (!this.#scheduler.retryDeadLetter(id)) return false;
    this.#pump();
    return true;
  }

  /** Whether nothing waits or runs (delayed jobs excepted, as in LocalQueue). */
  isIdle(): boolean {
    return this.#scheduler.isIdle();
  }

  /** Resolves when `isIdle()` (or the broker closes). */
  whenIdle(): Promise<void> {
    if (this.isIdle() || this.#state.phase === "closed") return Promise.resolve();
    return new Promise((resolve) => this.#state.idleWaiters.push(resolve));
  }

  async #serve(socket: Router, side: "frontend" | "backend"): Promise<void> {
    await receiveLoop(
      socket,
      (frames) => {
        this.#state.now = performance.now();
        this.#handle(socket, side, frames);
        this.#pump();
        this.#settle();
      },
      (error) => this.#options.log.warn({ err: error, side }, "broker receive failed"),
    );
  }

  #handle(socket: Router, side: "frontend" | "backend", frames: Buffer[]): void {
    const identity = frames[0];
    const message = identity ? decode(frames.slice(1)) : undefined;
    if (!identity || !message) {
      this.#options.log.warn(
        { side, frames: frames.length, head: frames[1]?.subarray(0, 8).toString("hex") },
        versionMismatch(frames.slice(1)) ?? "malformed or unknown message dropped",
      );
      return;
    }
    const name = `${side === "frontend" ? "f" : `b${this.#state.backends.indexOf(socket)}`}:${identity.toString("latin1")}`;
    switch (message.command) {
      case "enqueue":
        this.#onEnqueue(this.#peer(socket, identity, name), message.jobs);
        return;
      case "stats": {
        const peer = this.#peer(socket, identity, name);
        peer.control.push(encodeStats(message.requestId, JSON.stringify(this.stats())));
        this.#queue(peer);
        return;
      }
    }
    if (side === "frontend") {
      this.#options.log.warn(
        { command: message.command },
        "worker command on the frontend dropped",
      );
      return;
    }
    const worker = this.#workers.get(name);
    if (worker) worker.lastSeen = this.#state.now;
    switch (message.command) {
      case "ready":
        this.#onReady(socket, identity, name, message.credit);
        return;
      case "done":
        if (worker) {
          this.#onDone(worker, message.ids);
          return;
        }
        this.#unknownWorker(socket, identity, name);
        return;
      case "fail":
        if (worker) {
          this.#onFail(worker, message.failures);
          return;
        }
        this.#unknownWorker(socket, identity, name);
        return;
      case "heartbeat":
        if (!worker) this.#unknownWorker(socket, identity, name);
        return;
      case "report":
        // Taken from any worker on a backend, registered or not: the socket
        // (CURVE on remote ones) already decided who may connect.
        this.#onReports(message.reports);
        return;
      case "disconnect": {
        // Acknowledged, so the worker knows everything it sent before was read.
        if (worker) this.#dropWorker(worker, "handed back");
        const peer = this.#peer(socket, identity, name);
        peer.control.push(encodeDisconnect());
        this.#queue(peer);
        return;
      }
      default:
        this.#options.log.warn(
          { command: message.command },
          "client command on the backend dropped",
        );
    }
  }

  #onEnqueue(peer: Peer, records: EnqueueRecord[]): void {
    const scheduler = this.#scheduler;
    for (const record of records) {
      const result = this.#enqueue(record);
      peer.acks.push({ requestId: record.requestId, result, depth: scheduler.depth });
    }
    this.#queue(peer);
  }

  #enqueue(record: EnqueueRecord): AckResult {
    if (this.#state.phase !== "running") return "closed";
    const entry: Entry = {
      id: this.#nextId(),
      kind: record.kind,
      key: record.key,
      deliveryId: record.deliveryId,
      payload: record.payload,
      attempt: 1,
      background: record.priority === "background",
      readyAt: 0,
    };
    return this.#scheduler.enqueue(entry, record.deliveryId, record.delayMs);
  }

  #onReady(socket: Router, identity: Buffer, name: string, credit: number): void {
    const fresh = this.#workers.grant(
      name,
      () => this.#peer(socket, identity, name),
      credit,
      this.#state.now,
    );
    if (fresh) this.#state.told.delete(name);
  }

  #onDone(worker: WorkerRecord<Entry>, ids: number[]): void {
    const now = this.#state.now;
    for (const id of ids) {
      const entry = this.#workers.settle(worker, id);
      if (!entry) continue;
      this.#scheduler.done(entry);
      this.#observe(now - entry.readyAt);
      this.#options.onDone?.(entry.kind, entry.key);
    }
  }

  #onReports(reports: ReportRecord[]): void {
    const onReport = this.#options.onReport;
    if (!onReport) return;
    for (const report of reports) {
      try {
        onReport(report.topic, report.json);
      } catch (error) {
        this.#options.log.warn({ topic: report.topic, err: error }, "report listener failed");
      }
    }
  }

  #onFail(worker: WorkerRecord<Entry>, failures: FailRecord[]): void {
    for (const failure of failures) {
      const entry = this.#workers.settle(worker, failure.id);
      if (!entry) continue;
      // GitHub's retry-after: not a failure, and no worker waits for it.
      if (failure.retryAfterMs === NO_RETRY_AFTER) {
        this.#scheduler.failed(entry, failure.error);
      } else if (failure.retryAfterMs === PERMANENT_FAILURE) {
        this.#scheduler.failed(entry, failure.error, true);
      } else {
        this.#scheduler.retryLater(entry, failure.retryAfterMs);
      }
    }
  }

  /** A worker that left (DISCONNECT), went silent or cannot be reached: its jobs run elsewhere. */
  #dropWorker(worker: WorkerRecord<Entry>, why: "handed back" | "lost"): void {
    // Newest first, each to the front of its key (one job per key runs at a
    // time, so this only orders the keys: the oldest go out first again).
    const entries = this.#workers.remove(worker);
    for (const entry of entries) {
      if (why === "lost") {
        this.#scheduler.lost(entry, "worker lost (no heartbeat) while running the job");
      } else {
        this.#scheduler.handBack(entry);
      }
    }
    if (entries.length > 0) {
      this.#options.log.warn(
        { worker: worker.peer.name, jobs: entries.length, why },
        "worker jobs re-dispatched",
      );
    }
  }

  /** A worker the broker does not know (declared dead, or from before a restart): it must register again. */
  #unknownWorker(socket: Router, identity: Buffer, name: string): void {
    const told = this.#state.told;
    if (told.has(name)) return;
    if (told.size >= 10_000) told.clear();
    told.add(name);
    const peer = this.#peer(socket, identity, name);
    peer.control.push(encodeDisconnect());
    this.#queue(peer);
  }

  /** Dispatches ready jobs (normal ones first) to workers with credit, to the least loaded. */
  #pump(): void {
    if (this.#state.phase !== "running") return;
    const scheduler = this.#scheduler;
    const workers = this.#workers;
    while (workers.totalCredit > 0) {
      const entry = scheduler.next(workers.totalCredit);
      if (!entry) break;
      const worker = workers.next();
      if (!worker) {
        scheduler.handBack(entry);
        break;
      }
      workers.assign(worker, entry);
      this.#queue(worker.peer);
    }
  }

  #beat(): void {
    const state = this.#state;
    if (state.phase === "closed") return;
    const now = performance.now();
    state.now = now;
    for (const worker of this.#workers.all()) {
      if (now - worker.lastSeen > this.#options.livenessMs) {
        this.#dropWorker(worker, "lost");
        continue;
      }
      worker.peer.control.push(encodeHeartbeat());
      this.#queue(worker.peer);
    }
    this.#outbox.forgetSilent(
      now,
      this.#options.livenessMs,
      (name) => this.#workers.get(name) !== undefined,
    );
    this.#pump();
    this.#settle();
  }

  #peer(socket: Router, identity: Buffer, name: string): Peer {
    return this.#outbox.peer(socket, identity, name, this.#state.now);
  }

  #queue(peer: Peer): void {
    this.#outbox.queue(peer);
  }

  #settle(): void {
    const state = this.#state;
    if (state.idleWaiters.length > 0 && this.isIdle()) {
      for (const resolve of state.idleWaiters.splice(0)) resolve();
    }
  }

  #observe(ms: number): void {
    const latency = this.#state.latency;
    let bucket = 0;
    while (bucket < LATENCY_BUCKETS_MS.length && ms > (LATENCY_BUCKETS_MS[bucket] as number)) {
      bucket++;
    }
    latency.counts[bucket] = (latency.counts[bucket] as number) + 1;
    latency.count++;
    latency.sumMs += ms;
  }

  #nextId(): number {
    const state = this.#state;
    const id = state.nextId;
    state.nextId = id >= 0xffff_fffe ? 1 : id + 1;
    return id;
  }
}

function toJob(entry: Entry): Job {
  let payload: unknown;
  try {
    payload = JSON.parse(entry.payload.toString("utf8"));
  } catch {
    payload = entry.payload.toString("utf8");
  }
  return {
    kind: entry.kind,
    key: entry.key,
    payload,
    ...(entry.deliveryId !== "" ? { deliveryId: entry.deliveryId } : {}),
  };
}
