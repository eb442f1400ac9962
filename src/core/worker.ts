import { performance } from "node:perf_hooks";
import { Dealer } from "zeromq";
import type { CoreLogger } from "./broker.ts";
import {
  type Job,
  type JobContext,
  type JobHandler,
  PermanentJobError,
  QueueClosedError,
  RetryLaterError,
} from "./job.ts";
import {
  DEFAULT_BATCH_SIZE,
  decode,
  encodeDisconnect,
  encodeDone,
  encodeEnqueue,
  encodeFail,
  encodeHeartbeat,
  encodeReady,
  encodeReports,
  type FailRecord,
  type JobRecord,
  MAX_STRING_BYTES,
  NO_RETRY_AFTER,
  PERMANENT_FAILURE,
  type ReportRecord,
  versionMismatch,
} from "./protocol.ts";
import { Requests } from "./requests.ts";
import {
  type CurveKeyPair,
  curveClientOptions,
  defaultSocketSettings,
  Flusher,
  receiveLoop,
  type SocketSettings,
  socketOptions,
} from "./sockets.ts";

export interface WorkerOptions {
  /** The broker's backend endpoint. */
  endpoint: string;
  handler: JobHandler;
  /** Jobs taken at once (the credit granted by READY). One leaves a worker idle between jobs. */
  concurrency?: number;
  /** Paranoid Pirate: how often to say "alive" when there is nothing else to send. */
  heartbeatMs?: number;
  /** Paranoid Pirate: broker silence after which the worker reconnects. */
  livenessMs?: number;
  /** On close, how long running jobs may take before they are handed back unfinished. */
  drainMs?: number;
  /** How long a handler's `context.enqueue` waits for the broker's answer. */
  enqueueTimeoutMs?: number;
  /** Most records in one message. */
  batchSize?: number;
  /** CurveZMQ keys of this worker and the broker's public key, for a CURVE endpoint. */
  curve?: CurveKeyPair & { serverKey: string };
  socket?: Partial<SocketSettings>;
  log?: CoreLogger;
  /** Every handler error, as LocalQueue reports them. */
  onError?: (job: Job, error: unknown, attempt: number) => void;
}

type Phase = "new" | "running" | "stopping" | "closed";

/**
 * Reports held while the broker cannot be reached, at most: past it the
 * oldest go (reports are a record, not the work, and memory stays bounded).
 */
export const MAX_HELD_REPORTS = 1000;

/**
 * A worker (Paranoid Pirate): a DEALER that grants the broker credit for
 * `concurrency` jobs, runs them with the handler, and answers with batched
 * DONE/FAIL records, each of which gives a slot back. It heartbeats, and when
 * the broker falls silent it reconnects with a fresh socket; jobs running from
 * before (the "generation" they came in) are finished but not reported.
 */
export class Worker {
  #state = {
    phase: "new" as Phase,
    socket: undefined as Dealer | undefined,
    loops: [] as Promise<void>[],
    timer: undefined as NodeJS.Timeout | undefined,
    generation: 0,
    /** Jobs running now; `close` waits for `drained` when it reaches 0. */
    running: 0,
    drained: undefined as (() => void) | undefined,
    done: [] as number[],
    fails: [] as FailRecord[],
    reports: [] as ReportRecord[],
    /** Reports dropped since the queue was last empty (warned once per overflow). */
    reportsDropped: 0,
    /** Slots to grant with the next READY. */
    credit: 0,
    lastHeard: 0,
    lastSent: 0,
    disconnect: "no" as "no" | "send" | "sent",
    acknowledged: undefined as (() => void) | undefined,
  };
  readonly #options: Required<Omit<WorkerOptions, "curve" | "socket" | "onError" | "livenessMs">> &
    Pick<WorkerOptions, "curve" | "onError"> & { livenessMs: number; socket: SocketSettings };
  readonly #requests: Requests;
  readonly #flusher: Flusher;
  /** Every job's `context.enqueue`: one function, not a closure per job. */
  readonly #enqueue: JobContext["enqueue"] = (next, options) =>
    this.#requests.enqueue(next, options);

  constructor(options: WorkerOptions) {
    const heartbeatMs = options.heartbeatMs ?? 1000;
    this.#options = {
      endpoint: options.endpoint,
      handler: options.handler,
      concurrency: options.concurrency ?? 8,
      heartbeatMs,
      livenessMs: options.livenessMs ?? heartbeatMs * 3,
      drainMs: options.drainMs ?? 30_000,
      enqueueTimeoutMs: options.enqueueTimeoutMs ?? 5000,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      curve: options.curve,
      socket: { ...defaultSocketSettings, ...options.socket },
      log: options.log ?? { warn: (object, message) => console.warn(message, object) },
      onError: options.onError,
    };
    this.#flusher = new Flusher(
      () => this.#drain(),
      (error) => this.#options.log.warn({ err: error }, "worker send failed"),
    );
    this.#requests = new Requests(
      { timeoutMs: this.#options.enqueueTimeoutMs, resendMs: Math.max(heartbeatMs, 250) },
      () => this.#flusher.schedule(),
    );
  }

  /**
   * Tells the broker's process what a job did (`topic` and JSON-able `data`):
   * the app reports its verdicts and merges, so `serve` records the work of
   * workers on other machines (docs/core.md). Best effort, never throws: a
   * report that is not JSON is logged and dropped, and at most
   * MAX_HELD_REPORTS wait while the broker is away.
   */
  report(topic: string, data: unknown): void {
    const state = this.#state;
    if (state.phase === "closed") return;
    let json: string | undefined;
    try {
      json = JSON.stringify(data);
    } catch (error) {
      this.#options.log.warn({ topic, err: error }, "worker: report is not JSON: dropped");
      return;
    }
    if (typeof json !== "string" || Buffer.byteLength(topic) > MAX_STRING_BYTES) {
      this.#options.log.warn({ topic: topic.slice(0, 80) }, "worker: report dropped");
      return;
    }
    state.reports.push({ topic, json });
    if (state.reports.length > MAX_HELD_REPORTS) {
      state.reports.shift();
      if (state.reportsDropped++ === 0) {
        this.#options.log.warn(
          { held: MAX_HELD_REPORTS },
          "worker: broker unreachable, oldest reports dropped",
        );
      }
    }
    this.#flusher.schedule();
  }

  /** Jobs running now. */
  get running(): number {
    return this.#state.running;
  }

  start(): void {
    const state = this.#state;
    if (state.phase !== "new") throw new Error(`[c4bot] worker cannot start: it is ${state.phase}`);
    state.phase = "running";
    this.#connect();
    state.timer = setInterval(() => this.#beat(), this.#options.heartbeatMs);
    state.timer.unref();
  }

  /**
   * Graceful stop: takes no new job, lets running ones finish (up to
   * `drainMs`), reports them, then DISCONNECTs and waits for the broker's
   * acknowledgement before closing, since ZeroMQ may drop what is still
   * queued at close (DESIGN.md). Jobs not finished are handed back.
   */
  async close(): Promise<void> {
    const state = this.#state;
    if (state.phase === "closed" || state.phase === "stopping") return;
    if (state.phase === "new") {
      state.phase = "closed";
      return;
    }
    state.phase = "stopping";
    const drained =
      state.running === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            state.drained = resolve;
          });
    await Promise.race([drained, sleep(this.#options.drainMs)]);
    const acknowledged = new Promise<void>((resolve) => {
      state.acknowledged = resolve;
    });
    state.disconnect = "send";
    this.#flusher.schedule();
    await Promise.race([acknowledged, sleep(this.#options.livenessMs)]);
    await this.#shut();
  }

  /** Stops at once, as a crash would: nothing is reported or handed back. */
  async kill(): Promise<void> {
    await this.#shut();
  }

  async #shut(): Promise<void> {
    const state = this.#state;
    state.phase = "closed";
    clearInterval(state.timer);
    this.#requests.close(new QueueClosedError());
    state.socket?.close();
    await Promise.allSettled(state.loops);
  }

  #connect(): void {
    const state = this.#state;
    state.socket?.close();
    const socket = new Dealer({
      ...socketOptions(this.#options.socket),
      ...curveClientOptions(this.#options.curve),
    });
    socket.connect(this.#options.endpoint);
    state.socket = socket;
    state.generation++;
    state.lastHeard = performance.now();
    state.done.length = 0;
    state.fails.length = 0;
    state.credit = this.#options.concurrency - state.running;
    state.loops.push(
      receiveLoop(
        socket,
        (frames) => this.#handle(frames),
        (error) => this.#options.log.warn({ err: error }, "worker receive failed"),
        // A job's DONE before the poller's restart (sockets.ts).
        { settleFirst: true },
      ),
    );
    this.#flusher.schedule();
  }

  #handle(frames: Buffer[]): void {
    const state = this.#state;
    state.lastHeard = performance.now();
    // Answers to the handlers' follow-up enqueues.
    if (this.#requests.onAckMessage(frames)) return;
    const message = decode(frames);
    switch (message?.command) {
      case "job":
        for (const job of message.jobs) void this.#run(job);
        return;
      case "heartbeat":
        return;
      case "disconnect":
        if (state.phase === "stopping") {
          state.acknowledged?.();
          return;
        }
        // The broker does not know us (it restarted, or took us for dead):
        // register again; what runs now belongs to the old registration.
        state.generation++;
        state.done.length = 0;
        state.fails.length = 0;
        state.credit = this.#options.concurrency - state.running;
        this.#flusher.schedule();
        return;
      default:
        this.#options.log.warn(
          { frames: frames.length },
          `worker: ${versionMismatch(frames) ?? "unexpected message dropped"}`,
        );
    }
  }

  /**
   * Runs one job and queues its DONE or FAIL. One async function per job and
   * nothing else allocated for the bookkeeping (no promise map, no closure):
   * at tens of thousands of jobs a second this is the worker's hot path.
   */
  async #run(record: JobRecord): Promise<void> {
    const state = this.#state;
    // Stopping: not started, so handed back by the DISCONNECT.
    if (state.phase !== "running") return;
    const generation = state.generation;
    state.running++;
    // Parsing and running in this one async function: a second one per job
    // (an awaited #execute) cost a promise and a turn more per job.
    let failure: FailRecord | undefined;
    let job: Job | undefined;
    try {
      job = { kind: record.kind, key: record.key, payload: JSON.parse(record.payload.toString()) };
      await this.#options.handler(job, { attempt: record.attempt, enqueue: this.#enqueue });
    } catch (error) {
      failure = job
        ? this.#failure(record, job, error)
        : { id: record.id, retryAfterMs: NO_RETRY_AFTER, error: `bad payload: ${error}` };
    }
    state.running--;
    if (state.running === 0 && state.drained) {
      state.drained();
      state.drained = undefined;
    }
    // The phase may have changed while the handler ran.
    if ((state.phase as Phase) === "closed") return;
    if (generation !== state.generation) state.credit++;
    else if (failure) state.fails.push(failure);
    else state.done.push(record.id);
    this.#flusher.schedule();
  }

  /** The FAIL record for a handler's error (a RetryLaterError asks for a delay). */
  #failure(record: JobRecord, job: Job, error: unknown): FailRecord {
    this.#options.onError?.(job, error, record.attempt);
    if (error instanceof RetryLaterError) {
      return {
        id: record.id,
        retryAfterMs: Math.max(0, Math.min(Math.round(error.delayMs), PERMANENT_FAILURE - 1)),
        error: error.message,
      };
    }
    return {
      id: record.id,
      retryAfterMs: error instanceof PermanentJobError ? PERMANENT_FAILURE : NO_RETRY_AFTER,
      error: error instanceof Error ? error.message : String(error),
    };
  }

  #beat(): void {
    const state = this.#state;
    if (state.phase === "closed") return;
    const now = performance.now();
    this.#requests.tick();
    if (now - state.lastHeard > this.#options.livenessMs && state.phase === "running") {
      this.#options.log.warn({ endpoint: this.#options.endpoint }, "broker silent: reconnecting");
      this.#connect();
      return;
    }
    if (now - state.lastSent >= this.#options.heartbeatMs * 0.9) this.#flusher.schedule();
  }

  /** Sends READY, DONE, FAIL, ENQUEUE batches, a heartbeat when nothing else went, DISCONNECT last. */
  async #drain(): Promise<void> {
    const state = this.#state;
    const batch = this.#options.batchSize;
    for (;;) {
      const socket = state.socket;
      if (!socket || socket.closed) return;
      let message: Buffer[] | undefined;
      if (state.credit > 0) {
        message = encodeReady(state.credit);
        state.credit = 0;
      } else if (state.done.length > 0) {
        message = encodeDone(state.done.splice(0, batch));
      } else if (state.fails.length > 0) {
        message = encodeFail(state.fails.splice(0, batch));
      } else if (state.reports.length > 0) {
        message = encodeReports(state.reports.splice(0, batch));
        if (state.reports.length === 0) state.reportsDropped = 0;
      } else if (this.#requests.hasOutgoing) {
        message = encodeEnqueue(this.#requests.take(batch));
      } else if (state.disconnect === "send") {
        state.disconnect = "sent";
        message = encodeDisconnect();
      } else if (performance.now() - state.lastSent >= this.#options.heartbeatMs * 0.9) {
        message = encodeHeartbeat();
      } else {
        return;
      }
      state.lastSent = performance.now();
      await socket.send(message);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
