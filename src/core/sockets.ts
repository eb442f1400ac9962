import { setImmediate as endOfTurn } from "node:timers/promises";
import type { Socket } from "zeromq";
import { DEFAULT_BATCH_SIZE } from "./protocol.ts";

/**
 * Timings every core socket gets, so that no send, receive or close can
 * block for ever (zeromq's defaults are all infinite; see DESIGN.md).
 */
export interface SocketSettings {
  /**
   * ZMQ_LINGER: how long unsent messages are kept after `close()`. Bounded so
   * that shutdown never hangs on a dead peer; delivery at shutdown is made
   * sure by the DISCONNECT exchange, not by lingering (the pitfalls).
   */
  lingerMs: number;
  /**
   * ZMQ_SNDTIMEO: how long a send may wait on a full pipe (or, with
   * ZMQ_ROUTER_MANDATORY, on a peer's full pipe) before it fails with EAGAIN.
   */
  sendTimeoutMs: number;
  /**
   * ZMQ_RCVTIMEO: how long one `receive()` waits. The receive loops go round
   * again on EAGAIN, so this only bounds how long a closing loop lingers.
   */
  receiveTimeoutMs: number;
  /**
   * ZMQ_SNDHWM / ZMQ_RCVHWM: messages queued per peer. A message is a batch
   * of up to DEFAULT_BATCH_SIZE (256) records, so 250 is 64,000 records, more
   * than the broker's depth limit lets a healthy peer have outstanding; it
   * bounds what a stuck peer can pile up in native buffers to about 64 MB of
   * 1 KB jobs a pipe (at 10,000 messages of 64 it was 640 MB). A full pipe
   * makes sends wait (and fail after the send timeout), which the callers
   * already handle.
   */
  highWaterMark: number;
  /** ZMQ_RECONNECT_IVL: how soon a connecting socket tries again after losing its peer. */
  reconnectIntervalMs: number;
}

export const defaultSocketSettings: SocketSettings = {
  lingerMs: 200,
  sendTimeoutMs: 2000,
  receiveTimeoutMs: 1000,
  highWaterMark: Math.ceil(64_000 / DEFAULT_BATCH_SIZE),
  reconnectIntervalMs: 100,
};

/** The zeromq.js constructor options for these settings. */
export function socketOptions(settings: SocketSettings) {
  return {
    linger: settings.lingerMs,
    sendTimeout: settings.sendTimeoutMs,
    receiveTimeout: settings.receiveTimeoutMs,
    sendHighWaterMark: settings.highWaterMark,
    receiveHighWaterMark: settings.highWaterMark,
    reconnectInterval: settings.reconnectIntervalMs,
  };
}

/** CurveZMQ keys, Z85 text (40 characters each), as `c4bot keygen` prints them. */
export interface CurveKeyPair {
  publicKey: string;
  secretKey: string;
}

/**
 * Receives messages until the socket closes. A receive timeout (EAGAIN on an
 * open socket) just goes round again; `onMessage` errors are reported, never
 * thrown, so one bad message cannot stop the loop.
 *
 * `settleFirst`: after each message, let what it started run (its
 * microtasks, up to the end of this turn of the event loop) before the next
 * receive. zeromq.js stops its poller after every message and starts it
 * again on the next receive (a few system calls); a worker that starts it
 * at once does so before its job's DONE goes out, on every job's path.
 */
export async function receiveLoop(
  socket: Socket & { receive(): Promise<Buffer[]> },
  onMessage: (frames: Buffer[]) => void,
  onError: (error: unknown) => void,
  options: { settleFirst?: boolean } = {},
): Promise<void> {
  while (!socket.closed) {
    let frames: Buffer[];
    try {
      frames = await socket.receive();
    } catch (error) {
      if ((error as { code?: string }).code === "EAGAIN") continue;
      if (socket.closed) return;
      onError(error);
      continue;
    }
    try {
      onMessage(frames);
    } catch (error) {
      onError(error);
    }
    if (options.settleFirst) await endOfTurn();
  }
}

/**
 * Runs `drain` until nothing more is asked for: callers `schedule()` after
 * adding records, and everything added while a send is awaited goes out in
 * the next batch. Sends are awaited (an unawaited send throws EBUSY past
 * about 500 pending, see DESIGN.md).
 */
export class Flusher {
  #state = { phase: "idle" as "idle" | "scheduled" | "running", again: false };
  readonly #drain: () => Promise<void>;
  readonly #onError: (error: unknown) => void;

  constructor(drain: () => Promise<void>, onError: (error: unknown) => void) {
    this.#drain = drain;
    this.#onError = onError;
  }

  schedule(): void {
    const state = this.#state;
    if (state.phase === "running") {
      state.again = true;
      return;
    }
    if (state.phase === "scheduled") return;
    state.phase = "scheduled";
    // A microtask, not a timer: the records of the message being handled go
    // out together, without adding a timer's latency.
    queueMicrotask(() => void this.#run());
  }

  async #run(): Promise<void> {
    const state = this.#state;
    state.phase = "running";
    do {
      state.again = false;
      try {
        await this.#drain();
      } catch (error) {
        this.#onError(error);
      }
    } while (state.again);
    state.phase = "idle";
  }
}

/** A CURVE client's keys: its own pair and the broker's public key. */
export type CurveClientKeys = CurveKeyPair & { serverKey: string };

/** The socket options that make a DEALER a CURVE client of the broker (none without keys). */
export function curveClientOptions(curve: CurveClientKeys | undefined) {
  if (!curve) return {};
  return {
    /** ZMQ_CURVE_SERVERKEY: the broker's public key; the handshake fails without it. */
    curveServerKey: curve.serverKey,
    /** ZMQ_CURVE_PUBLICKEY: ours, which the broker's ZAP handler must allow. */
    curvePublicKey: curve.publicKey,
    /** ZMQ_CURVE_SECRETKEY: ours. */
    curveSecretKey: curve.secretKey,
  };
}
