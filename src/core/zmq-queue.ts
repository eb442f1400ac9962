import { randomUUID } from "node:crypto";
import { type BackendEndpoint, Broker, type BrokerStats, type CoreLogger } from "./broker.ts";
import { Client } from "./client.ts";
import type {
  DeadLetter,
  EnqueueOptions,
  EnqueueResult,
  Job,
  JobHandler,
  JobQueue,
  ReportListener,
  SettledListener,
} from "./job.ts";
import { QueueClosedError } from "./job.ts";
import type { SchedulingOptions } from "./scheduler-options.ts";
import type { SocketSettings } from "./sockets.ts";
import { Worker } from "./worker.ts";

export interface ZmqQueueOptions extends SchedulingOptions {
  /** In-process workers (over inproc://). 0 leaves all the work to remote workers. */
  workers?: number;
  /** Jobs each in-process worker runs at once (different keys). */
  concurrency?: number;
  /** Paranoid Pirate heartbeat, broker and workers alike. */
  heartbeatMs?: number;
  /** Silence after which a worker (or the broker, for a worker) is dead. */
  livenessMs?: number;
  /** An enqueue the broker does not answer by then rejects. */
  enqueueTimeoutMs?: number;
  /** Also bind these for remote workers (`c4bot worker --connect`), e.g. tcp://0.0.0.0:5555. */
  remote?: readonly BackendEndpoint[];
  socket?: Partial<SocketSettings>;
  log?: CoreLogger;
  onError?: (job: Job, error: unknown, attempt: number) => void;
  /** Told of every job done (benchmarks). */
  onDone?: (kind: string, key: string) => void;
}

type Phase = "new" | "starting" | "running" | "closing" | "closed";

/**
 * The JobQueue of `c4bot serve` on the ZeroMQ core: a broker, `workers`
 * in-process workers over inproc://, and a client, all in this process, plus
 * optional remote backends. A drop-in for LocalQueue: the same semantics, with
 * the broker in the middle.
 */
export class ZmqQueue implements JobQueue {
  #state = {
    phase: "new" as Phase,
    started: undefined as Promise<void> | undefined,
    workers: [] as Worker[],
    reportListeners: [] as ReportListener[],
  };
  readonly #options: ZmqQueueOptions;
  readonly #log: CoreLogger;
  readonly #broker: Broker;
  readonly #client: Client;
  readonly #backend: string;

  constructor(options: ZmqQueueOptions = {}) {
    this.#options = options;
    this.#log = options.log ?? { warn: (object, message) => console.warn(message, object) };
    const name = `c4bot-${randomUUID()}`;
    const frontend = `inproc://${name}-frontend`;
    this.#backend = `inproc://${name}-backend`;
    this.#broker = new Broker({
      frontend: [frontend],
      backend: [{ endpoint: this.#backend }, ...(options.remote ?? [])],
      ...pick(options, [
        "maxDepth",
        "maxAttempts",
        "backoffMs",
        "deliveryMemory",
        "deadLetterMemory",
        "backgroundReserve",
        "heartbeatMs",
        "livenessMs",
        "socket",
        "log",
        "onDone",
      ]),
      onReport: (topic, json) => this.#report(topic, json),
    });
    this.#client = new Client({
      endpoint: frontend,
      ...(options.enqueueTimeoutMs ? { timeoutMs: options.enqueueTimeoutMs } : {}),
      ...pick(options, ["socket", "log"]),
    });
  }

  /** The bound endpoints (a remote `tcp://...:0` resolved to its port). */
  get endpoints() {
    return this.#broker.endpoints;
  }

  /** Binds and connects; `enqueue` and `start` wait for it, so calling it is optional. */
  listen(): Promise<void> {
    const state = this.#state;
    if (!state.started) {
      state.phase = "starting";
      state.started = (async () => {
        await this.#broker.start();
        this.#client.start();
        if (state.phase === "starting") state.phase = "running";
      })();
    }
    return state.started;
  }

  enqueue(job: Job, options?: EnqueueOptions): Promise<EnqueueResult> {
    const phase = this.#state.phase;
    // The hot path: no extra await once running.
    if (phase === "running") return this.#client.enqueue(job, options);
    if (phase === "closing" || phase === "closed") {
      return Promise.reject(new QueueClosedError());
    }
    return this.listen().then(() => this.enqueue(job, options));
  }

  start(handler: JobHandler): void {
    const state = this.#state;
    const count = this.#options.workers ?? 1;
    for (let i = 0; i < count; i++) {
      state.workers.push(
        new Worker({
          endpoint: this.#backend,
          handler,
          ...pick(this.#options, [
            "concurrency",
            "heartbeatMs",
            "livenessMs",
            "socket",
            "log",
            "onError",
          ]),
          ...(this.#options.enqueueTimeoutMs
            ? { enqueueTimeoutMs: this.#options.enqueueTimeoutMs }
            : {}),
        }),
      );
    }
    void this.listen().then(() => {
      if (state.phase !== "running") return;
      for (const worker of state.workers) worker.start();
    });
  }

  async idle(): Promise<void> {
    await this.listen();
    // An enqueue not yet answered is on its way in: not idle until the broker has it.
    while (this.#client.pending > 0 && this.#state.phase === "running") {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await this.#broker.whenIdle();
    if (this.#client.pending > 0) return this.idle();
  }

  stats(): BrokerStats {
    return this.#broker.stats();
  }

  /** Hears each job finished with, in this process or on a remote worker (the broker knows). */
  onSettled(listener: SettledListener): void {
    this.#broker.onSettled(listener);
  }

  onReport(listener: ReportListener): void {
    this.#state.reportListeners.push(listener);
  }

  #report(topic: string, json: string): void {
    const log = this.#log;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (error) {
      log.warn({ topic, err: error }, "worker report is not JSON: dropped");
      return;
    }
    for (const listener of this.#state.reportListeners) {
      try {
        listener(topic, data);
      } catch (error) {
        log.warn({ topic, err: error }, "report listener failed");
      }
    }
  }

  deadLetters(): DeadLetter[] {
    return this.#broker.deadLetters();
  }

  async retryDeadLetter(id: string): Promise<boolean> {
    return this.#broker.retryDeadLetter(id);
  }

  /** Stops taking jobs, lets running ones finish (workers DISCONNECT), then closes every socket. */
  async close(): Promise<void> {
    const state = this.#state;
    if (state.phase === "closing" || state.phase === "closed") return;
    const wasStarted = state.started !== undefined;
    state.phase = "closing";
    if (wasStarted) {
      await state.started?.catch(() => {});
      this.#broker.stop();
      await Promise.all(state.workers.map((worker) => worker.close()));
    }
    await this.#client.close();
    await this.#broker.close();
    state.phase = "closed";
  }
}

function pick<T extends object, K extends keyof T>(
  object: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (object[key] !== undefined) picked[key] = object[key];
  return picked;
}
