import { Dealer } from "zeromq";
import type { BrokerStats, CoreLogger } from "./broker.ts";
import { type EnqueueOptions, type EnqueueResult, type Job, QueueClosedError } from "./job.ts";
import {
  DEFAULT_BATCH_SIZE,
  decode,
  encodeEnqueue,
  encodeStats,
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

export interface ClientOptions {
  /** The broker's frontend (or backend) endpoint. */
  endpoint: string;
  /** An enqueue the broker has not answered by then rejects (a webhook never hangs). */
  timeoutMs?: number;
  /** An unanswered enqueue is sent again this often (survives a broker restart). */
  resendMs?: number;
  /** Most ENQUEUE records in one message. */
  batchSize?: number;
  /** CurveZMQ client keys and the broker's public key, for a CURVE endpoint. */
  curve?: CurveKeyPair & { serverKey: string };
  socket?: Partial<SocketSettings>;
  log?: CoreLogger;
}

type Phase = "new" | "running" | "closed";

/**
 * The enqueuing side (the webhook handlers): a DEALER to the broker's
 * frontend. `enqueue` resolves with the broker's answer, rejects with
 * QueueBusyError when it is full, or with EnqueueTimeoutError when it does
 * not answer in time.
 */
export class Client {
  #state = {
    phase: "new" as Phase,
    socket: undefined as Dealer | undefined,
    loop: undefined as Promise<void> | undefined,
    timer: undefined as NodeJS.Timeout | undefined,
    stats: new Map<number, (stats: BrokerStats) => void>(),
    nextStatsId: 1,
  };
  readonly #options: ClientOptions & { batchSize: number; log: CoreLogger };
  readonly #requests: Requests;
  readonly #flusher: Flusher;

  constructor(options: ClientOptions) {
    this.#options = {
      ...options,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      log: options.log ?? { warn: (object, message) => console.warn(message, object) },
    };
    this.#flusher = new Flusher(
      () => this.#drain(),
      (error) => this.#options.log.warn({ err: error }, "client send failed"),
    );
    this.#requests = new Requests(
      { timeoutMs: options.timeoutMs ?? 5000, resendMs: options.resendMs ?? 1000 },
      () => this.#flusher.schedule(),
    );
  }

  /** Connects (the broker may come later: ZeroMQ connects when it can). */
  start(): void {
    const state = this.#state;
    if (state.phase !== "new") throw new Error(`[c4bot] client cannot start: it is ${state.phase}`);
    state.phase = "running";
    const socket = new Dealer({
      ...socketOptions({ ...defaultSocketSettings, ...this.#options.socket }),
      ...curveClientOptions(this.#options.curve),
    });
    socket.connect(this.#options.endpoint);
    state.socket = socket;
    state.loop = receiveLoop(
      socket,
      (frames) => this.#handle(frames),
      (error) => this.#options.log.warn({ err: error }, "client receive failed"),
    );
    state.timer = setInterval(
      () => this.#requests.tick(),
      Math.min(250, this.#options.resendMs ?? 1000),
    );
    state.timer.unref();
  }

  enqueue(job: Job, options?: EnqueueOptions): Promise<EnqueueResult> {
    if (this.#state.phase !== "running") {
      return Promise.reject(new QueueClosedError());
    }
    return this.#requests.enqueue(job, options);
  }

  /** Enqueues sent and not yet answered. */
  get pending(): number {
    return this.#requests.size;
  }

  /** The broker's statistics, over the wire (in-process callers read the broker directly). */
  stats(timeoutMs = 2000): Promise<BrokerStats> {
    const state = this.#state;
    const socket = state.socket;
    if (!socket) return Promise.reject(new Error("[c4bot] the client is not running"));
    const id = state.nextStatsId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        state.stats.delete(id);
        reject(new Error(`[c4bot] no statistics from the broker within ${timeoutMs} ms`));
      }, timeoutMs);
      state.stats.set(id, (stats) => {
        clearTimeout(timer);
        resolve(stats);
      });
      socket.send(encodeStats(id)).catch(reject);
    });
  }

  async close(): Promise<void> {
    const state = this.#state;
    if (state.phase === "closed") return;
    state.phase = "closed";
    clearInterval(state.timer);
    this.#requests.close(new QueueClosedError());
    state.socket?.close();
    await state.loop;
  }

  #handle(frames: Buffer[]): void {
    if (this.#requests.onAckMessage(frames)) return;
    const message = decode(frames);
    if (message?.command === "stats") {
      const answer = this.#state.stats.get(message.requestId);
      this.#state.stats.delete(message.requestId);
      answer?.(JSON.parse(message.json) as BrokerStats);
      return;
    }
    this.#options.log.warn(
      { frames: frames.length },
      `client: ${versionMismatch(frames) ?? "unexpected message dropped"}`,
    );
  }

  async #drain(): Promise<void> {
    const socket = this.#state.socket;
    while (socket && !socket.closed && this.#requests.hasOutgoing) {
      // An unsent batch is not lost on error: the resend timer sends it again.
      await socket.send(encodeEnqueue(this.#requests.take(this.#options.batchSize)));
    }
  }
}
