import type { EnqueueResult, Job, JobQueue, QueueStats, SettledListener } from "../core/job.ts";

/**
 * A JobQueue that only counts: the ingest benchmark measures the webhook
 * path up to the enqueue, not the core behind it (the `core` scenario does).
 * Each job is settled (done) as soon as it is counted, so a journal behind
 * it does all of its work: a row written, then deleted.
 */
export class CountingQueue implements JobQueue {
  enqueued = 0;
  readonly #settled: SettledListener[] = [];

  async enqueue(job: Job): Promise<EnqueueResult> {
    this.enqueued++;
    if (this.#settled.length > 0) {
      queueMicrotask(() => {
        for (const listener of this.#settled) listener(job, "done");
      });
    }
    return "queued";
  }
  onSettled(listener: SettledListener): void {
    this.#settled.push(listener);
  }
  start(): void {}
  async idle(): Promise<void> {}
  stats(): QueueStats {
    return {
      depth: 0,
      delayed: 0,
      inFlight: 0,
      done: this.enqueued,
      failed: 0,
      retried: 0,
      coalesced: 0,
      duplicates: 0,
      deadLettered: 0,
    };
  }
  deadLetters() {
    return [];
  }
  async retryDeadLetter(): Promise<boolean> {
    return false;
  }
  async close(): Promise<void> {}
}
