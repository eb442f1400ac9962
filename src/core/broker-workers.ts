import type { Peer } from "./broker-outbox.ts";
import { IdTable } from "./hash-table.ts";
import type { JobRecord } from "./protocol.ts";

export interface WorkerRecord<J extends JobRecord> {
  peer: Peer;
  /** Free job slots: granted by READY, one taken by each job, given back by its DONE or FAIL. */
  credit: number;
  /** The pool's dispatch count when it was last given a job (0: never). */
  lastJob: number;
  /** By job id; not a Map, which churned once per job keeps jobs alive (hash-table.ts). */
  inFlight: IdTable<J>;
  /** `now` when it last sent something (Paranoid Pirate liveness). */
  lastSeen: number;
}

/**
 * The broker's registered workers: their credit, the jobs each holds, and
 * which is given the next job.
 */
export class WorkerPool<J extends JobRecord> {
  readonly #byName = new Map<string, WorkerRecord<J>>();
  #list: WorkerRecord<J>[] = [];
  /** Jobs dispatched so far: orders the workers by their last job. */
  #dispatches = 0;
  #totalCredit = 0;

  get size(): number {
    return this.#byName.size;
  }

  /** Free slots over every worker. */
  get totalCredit(): number {
    return this.#totalCredit;
  }

  get(name: string): WorkerRecord<J> | undefined {
    return this.#byName.get(name);
  }

  /** A snapshot of the workers (safe to remove from while walking it). */
  all(): WorkerRecord<J>[] {
    return [...this.#list];
  }

  /** READY: `credit` more slots for the worker named, registered first if new (then true). */
  grant(name: string, peer: () => Peer, credit: number, now: number): boolean {
    let worker = this.#byName.get(name);
    const added = !worker;
    if (!worker) {
      worker = { peer: peer(), credit: 0, inFlight: new IdTable(), lastJob: 0, lastSeen: now };
      this.#byName.set(name, worker);
      this.#list.push(worker);
    }
    worker.credit += credit;
    this.#totalCredit += credit;
    return added;
  }

  /**
   * The worker with the most free credit (least loaded), so load spreads
   * evenly; among equals, the one given a job last. With a job or two in
   * flight every worker is equal, and the one that just ran a job is awake,
   * with its code and data in cache: round robin woke an idle process for
   * every job, which doubled the one-in-flight p99 here.
   */
  next(): WorkerRecord<J> | undefined {
    let best: WorkerRecord<J> | undefined;
    for (const worker of this.#list) {
      if (worker.credit <= 0) continue;
      if (
        !best ||
        worker.credit > best.credit ||
        (worker.credit === best.credit && worker.lastJob > best.lastJob)
      ) {
        best = worker;
      }
    }
    if (best) best.lastJob = ++this.#dispatches;
    return best;
  }

  /** Gives `job` to `worker`, in one of its slots, to be sent with its next JOB batch. */
  assign(worker: WorkerRecord<J>, job: J): void {
    worker.credit--;
    this.#totalCredit--;
    worker.inFlight.set(job.id, job);
    worker.peer.jobs.push(job);
  }

  /** Takes a job off a worker (its DONE or FAIL): its slot comes back. */
  settle(worker: WorkerRecord<J>, id: number): J | undefined {
    const job = worker.inFlight.take(id);
    if (!job) return undefined; // already re-dispatched, or from before a restart
    worker.credit++;
    this.#totalCredit++;
    return job;
  }

  /** Forgets a worker; the jobs it held, newest first (none of them will be sent to it). */
  remove(worker: WorkerRecord<J>): J[] {
    this.#byName.delete(worker.peer.name);
    this.#list = this.#list.filter((candidate) => candidate !== worker);
    this.#totalCredit -= worker.credit;
    worker.credit = 0;
    const jobs = worker.inFlight.values().sort((a, b) => b.id - a.id);
    worker.inFlight.clear();
    worker.peer.jobs.length = 0;
    return jobs;
  }
}
