import type { Router } from "zeromq";
import { type AckRecord, encodeAck, encodeJobs, type JobRecord } from "./protocol.ts";
import { Flusher } from "./sockets.ts";

/** Someone connected to one of the broker's ROUTERs, and what is to be sent to it. */
export interface Peer {
  socket: Router;
  identity: Buffer;
  name: string;
  acks: AckRecord[];
  jobs: JobRecord[];
  control: Buffer[][];
  queued: boolean;
  /** `now` when it last sent something; a silent non-worker is forgotten at a heartbeat. */
  lastSeen: number;
}

export interface OutboxOptions {
  /** Most records in one message. */
  batchSize: number;
  /**
   * A send to `peer` failed: EHOSTUNREACH (ZMQ_ROUTER_MANDATORY) or EAGAIN
   * (a full pipe past the send timeout), so it is gone or stuck. Its acks
   * and control messages are dropped; its jobs are the caller's to move.
   */
  onUnreachable(peer: Peer, error: unknown): void;
  /** Anything else that went wrong sending. */
  onError(error: unknown): void;
}

/**
 * The broker's peers (clients and workers by ROUTER and identity) and what
 * is queued for each: control messages, ACK and JOB records, sent a batch
 * per message, one awaited send at a time, JOBs first.
 */
export class Outbox {
  readonly #peers = new Map<string, Peer>();
  #queued: Peer[] = [];
  readonly #options: OutboxOptions;
  readonly #flusher: Flusher;

  constructor(options: OutboxOptions) {
    this.#options = options;
    this.#flusher = new Flusher(() => this.#drain(), options.onError);
  }

  /** The peer of that name, met `now` (made the first time). */
  peer(socket: Router, identity: Buffer, name: string, now: number): Peer {
    let peer = this.#peers.get(name);
    if (!peer) {
      peer = {
        socket,
        identity,
        name,
        acks: [],
        jobs: [],
        control: [],
        queued: false,
        lastSeen: now,
      };
      this.#peers.set(name, peer);
    }
    peer.lastSeen = now;
    return peer;
  }

  /** Sends what is queued for `peer`, soon. */
  queue(peer: Peer): void {
    if (!peer.queued) {
      peer.queued = true;
      this.#queued.push(peer);
    }
    this.#flusher.schedule();
  }

  /**
   * Forgets the peers silent for longer than `livenessMs`, with nothing to
   * send, that `keep` does not name (workers). Clients are kept between
   * messages (forgetting one after every answer churned the map once per
   * batch), and forgotten once silent.
   */
  forgetSilent(now: number, livenessMs: number, keep: (name: string) => boolean): void {
    for (const [name, peer] of this.#peers) {
      if (!peer.queued && !keep(name) && now - peer.lastSeen > livenessMs) {
        this.#peers.delete(name);
      }
    }
  }

  async #drain(): Promise<void> {
    const batch = this.#options.batchSize;
    while (this.#queued.length > 0) {
      const peers = jobsFirst(this.#queued);
      this.#queued.length = 0;
      for (const peer of peers) {
        peer.queued = false;
        if (peer.socket.closed) continue;
        try {
          while (peer.control.length > 0) {
            await peer.socket.send([peer.identity, ...(peer.control.shift() as Buffer[])]);
          }
          while (peer.acks.length > 0) {
            await peer.socket.send([peer.identity, ...encodeAck(peer.acks.splice(0, batch))]);
          }
          while (peer.jobs.length > 0) {
            const jobs = peer.jobs.splice(0, batch);
            await peer.socket.send([peer.identity, ...encodeJobs(jobs)]);
          }
        } catch (error) {
          if (peer.socket.closed) return;
          peer.acks.length = 0;
          peer.control.length = 0;
          this.#options.onUnreachable(peer, error);
        }
      }
    }
  }
}

/**
 * The peers to send to, those with JOB batches first: they are on every
 * job's critical path, an ACK only tells a client what it will learn
 * anyway. A stable partition, not a sort: `sort` allocated about 0.9 KB a
 * call (its work array and the comparator), once per message sent.
 */
function jobsFirst(peers: readonly Peer[]): Peer[] {
  const ordered: Peer[] = [];
  for (const peer of peers) if (peer.jobs.length > 0) ordered.push(peer);
  for (const peer of peers) if (peer.jobs.length === 0) ordered.push(peer);
  return ordered;
}
