import { IdTable } from "./hash-table.ts";
import {
  type EnqueueOptions,
  type EnqueueResult,
  type Job,
  QueueBusyError,
  QueueClosedError,
} from "./job.ts";
import { type AckResult, type OutgoingEnqueue, readAcks } from "./protocol.ts";

/** The broker did not answer an enqueue in time: the caller (a webhook) must not hang. */
export class EnqueueTimeoutError extends Error {
  readonly status = 503;
  constructor(timeoutMs: number) {
    super(`[c4bot] the job broker did not answer within ${timeoutMs} ms`);
    this.name = "EnqueueTimeoutError";
  }
}

export interface RequestTimings {
  /** An enqueue the broker has not answered by then is rejected (EnqueueTimeoutError). */
  timeoutMs: number;
  /** An unanswered enqueue is sent again this often (the broker may have restarted). */
  resendMs: number;
}

/** An enqueue sent and not yet answered: the record itself, and who waits for it (one object per job). */
interface Pending extends OutgoingEnqueue {
  resolve: (result: EnqueueResult) => void;
  reject: (error: Error) => void;
  sentAt: number;
  deadline: number;
  /** Enqueue order (never wraps, unlike request ids): resends keep it. */
  order: number;
}

/**
 * The enqueuing half of a link to the broker, shared by the client and the
 * worker (whose handlers enqueue follow-ups over their own connection):
 * numbered requests, answered by ACK records, resent while unanswered, and
 * rejected after a timeout. A resend that reaches a broker which had the
 * first copy is coalesced or deduped by delivery id; jobs are idempotent.
 */
export class Requests {
  #state = {
    nextId: 1,
    nextOrder: 0,
    /** Not a Map: a Map churned once per job keeps jobs alive (hash-table.ts). */
    pending: new IdTable<Pending>(),
    outbox: [] as OutgoingEnqueue[],
    closed: false,
  };
  readonly #timings: RequestTimings;
  readonly #wake: () => void;

  /** `wake` is called when there is something to send. */
  constructor(timings: RequestTimings, wake: () => void) {
    this.#timings = timings;
    this.#wake = wake;
  }

  get size(): number {
    return this.#state.pending.size;
  }

  enqueue(job: Job, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const state = this.#state;
    if (state.closed) return Promise.reject(new QueueClosedError());
    // The JSON text is kept as it is and written into the batch when sent:
    // no Buffer per job on the enqueue path.
    let payload: string;
    try {
      payload = JSON.stringify(job.payload ?? null);
      // A function or symbol payload stringifies to undefined.
      if (typeof payload !== "string") throw new TypeError("[c4bot] job payload is not JSON");
    } catch (error) {
      return Promise.reject(error);
    }
    const requestId = state.nextId;
    state.nextId = requestId >= 0xffff_fffe ? 1 : requestId + 1;
    const delayMs = Math.max(0, Math.min(Math.round(options.delayMs ?? 0), 0xffff_fffe));
    return new Promise((resolve, reject) => {
      const now = Date.now();
      const request: Pending = {
        requestId,
        delayMs,
        priority: options.priority === "background" ? "background" : "normal",
        kind: job.kind,
        key: job.key,
        deliveryId: job.deliveryId ?? "",
        payload,
        resolve,
        reject,
        sentAt: now,
        deadline: now + this.#timings.timeoutMs,
        order: state.nextOrder++,
      };
      state.pending.set(requestId, request);
      state.outbox.push(request);
      this.#wake();
    });
  }

  /**
   * Up to `max` records to send now, all of one priority (the first's): a
   * background job goes in an ENQUEUE2 message, which a broker older than
   * it drops, and then drops only background jobs.
   */
  take(max: number): OutgoingEnqueue[] {
    const outbox = this.#state.outbox;
    const priority = outbox[0]?.priority;
    const limit = Math.min(max, outbox.length);
    let count = 1;
    while (count < limit && (outbox[count] as OutgoingEnqueue).priority === priority) count++;
    return outbox.splice(0, count);
  }

  get hasOutgoing(): boolean {
    return this.#state.outbox.length > 0;
  }

  /**
   * Settles the requests an ACK message answers, reading its records in
   * place (nearly every message a client gets: no object per record). False,
   * and nothing settled, if the message is not a well-formed ACK.
   */
  onAckMessage(frames: readonly Buffer[]): boolean {
    return readAcks(frames, this.#answer);
  }

  /** One ACK record: settles its request (an unknown id was answered already, or timed out). */
  readonly #answer = (requestId: number, result: AckResult, depth: number): void => {
    const request = this.#state.pending.take(requestId);
    if (!request) return;
    switch (result) {
      case "busy":
        request.reject(new QueueBusyError(depth));
        break;
      case "closed":
        request.reject(new QueueClosedError());
        break;
      default:
        request.resolve(result);
    }
  };

  /** Resends what waited too long, rejects what timed out; call every few hundred ms. */
  tick(now = Date.now()): void {
    const state = this.#state;
    if (state.pending.size === 0) return;
    const due = state.pending
      .values()
      .filter(
        (request) => now >= request.deadline || now - request.sentAt >= this.#timings.resendMs,
      );
    // In enqueue order, so that a restarted broker gets one key's jobs in order.
    due.sort((a, b) => a.order - b.order);
    let resent = false;
    for (const request of due) {
      if (now >= request.deadline) {
        state.pending.delete(request.requestId);
        request.reject(new EnqueueTimeoutError(this.#timings.timeoutMs));
      } else {
        request.sentAt = now;
        state.outbox.push(request);
        resent = true;
      }
    }
    if (resent) this.#wake();
  }

  /** Every pending request fails with `error`; later ones are refused. */
  close(error: Error): void {
    const state = this.#state;
    state.closed = true;
    state.outbox.length = 0;
    const requests = state.pending.values();
    state.pending.clear();
    for (const request of requests) request.reject(error);
  }
}
