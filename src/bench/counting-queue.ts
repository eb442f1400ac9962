import type { EnqueueResult, Job, JobQueue, QueueStats } from "../core/job.ts";

/**
 * A JobQueue that only counts: the ingest benchmark measures the webhook
 * path up to the enqueue, not the core behind it (the `core` scenario does).
 */
export class CountingQueue implements JobQueue {
  enqueued = 0;

  async enqueue(_job: Job): Promise<EnqueueResult> {
    this.enqueued++;
    return "queued";
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
