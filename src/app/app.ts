import type { Job, JobQueue } from "../core/job.ts";
import type { JobJournal } from "../history/job-journal.ts";
import { type EventMapper, jobsFor, withDeliveryIds } from "./events.ts";

/** A verified delivery: what `X-GitHub-Event` and `X-GitHub-Delivery` said, and the parsed body. */
export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/**
 * The app's answer to a verified webhook: it becomes jobs, recorded in the
 * journal and put on the queue, and nothing else happens on the request
 * path (GitHub gives a delivery 10 s; see
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks).
 * It resolves (the webhook is answered 2xx) only once the jobs' batch is
 * committed to the journal, so a killed serve finds them at its next start.
 * A full queue throws QueueBusyError (status 503), so GitHub records the
 * delivery as failed and it can be redelivered: nothing is lost silently.
 */
export function createEventReceiver(
  queue: JobQueue,
  appId: number,
  journal: JobJournal,
  mappers: EventMapper[] = [],
) {
  return async (event: WebhookEvent): Promise<void> => {
    const payload = event.payload as never;
    let found: Job[];
    try {
      found = [
        ...jobsFor(event.name, payload, appId),
        ...mappers.flatMap((mapper) => mapper(event.name, payload, appId)),
      ];
    } catch {
      // The mappers trust GitHub's payload shapes: one that breaks them is malformed.
      throw new MalformedDeliveryError(event.name);
    }
    const jobs = withDeliveryIds(found, event.id);
    if (jobs.length === 0) return;
    // Recorded first (the batch commits at the end of this turn of the event
    // loop), so a job finishing at once finds its row.
    const ids = jobs.map((job) => journal.record(job));
    const committed = journal.committed();
    let i = 0;
    try {
      for (; i < jobs.length; i++) {
        await enqueueJournalled(queue, journal, ids[i] as number, jobs[i] as Job);
      }
    } catch (error) {
      // Refused (busy, closing): GitHub records a failed delivery, not a job to resume.
      for (; i < ids.length; i++) journal.finish(ids[i] as number);
      committed.catch(() => {});
      throw error;
    }
    await committed;
  };
}

/** A signed delivery whose payload lacks a field its event has: answered 400, not 500. */
export class MalformedDeliveryError extends Error {
  readonly status = 400;
  constructor(event: string) {
    super(
      `malformed ${event} delivery: a field GitHub sends with this event is missing or of the wrong type`,
    );
    this.name = "MalformedDeliveryError";
  }
}

/** Enqueues a journalled job; one the queue will not run itself is finished in the journal. */
async function enqueueJournalled(queue: JobQueue, journal: JobJournal, id: number, job: Job) {
  const result = await queue.enqueue(job);
  // Coalesced: finished when the equal job it joined is; a duplicate delivery: never runs.
  if (result === "coalesced") journal.coalesced(id, job);
  else if (result === "duplicate") journal.finish(id);
}

/** Finishes journalled jobs as the queue reports them done or dead-lettered. */
export function followJournal(
  queue: JobQueue,
  journal: JobJournal,
  log: { warn(object: object, message: string): void },
): void {
  if (queue.onSettled) {
    queue.onSettled((job) => journal.settled(job));
    return;
  }
  log.warn({}, "the job queue does not report finished jobs: each is resumed at the next start");
}

/**
 * At start: queues again, with their delivery ids, the jobs a previous
 * serve recorded and did not finish (killed, crashed). Jobs read fresh
 * state, so one that had run before the crash does no harm. Returns how
 * many were queued.
 */
export async function resumeJournal(
  queue: JobQueue,
  journal: JobJournal,
  log: { warn(object: object, message: string): void; info(object: object, message: string): void },
): Promise<number> {
  const { entries, abandoned } = journal.resume();
  for (const entry of abandoned) {
    log.warn(
      {
        jobKind: entry.job.kind,
        jobKey: entry.job.key,
        deliveryId: entry.job.deliveryId,
        resumes: entry.resumes,
      },
      "journalled job given up: too old, or resumed too often",
    );
  }
  let resumed = 0;
  for (const entry of entries) {
    try {
      await enqueueJournalled(queue, journal, entry.id, entry.job);
      resumed++;
    } catch (error) {
      // Kept: the next start tries again.
      log.warn(
        { jobKind: entry.job.kind, jobKey: entry.job.key, err: error },
        "journalled job not resumed",
      );
    }
  }
  if (entries.length > 0) log.info({ jobs: resumed }, "resumed unfinished jobs from the journal");
  return resumed;
}
