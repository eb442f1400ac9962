import type { JobQueue } from "../core/job.ts";
import type { WebhookEvent } from "../server/webhook-route.ts";
import { type EventMapper, jobsFor, withDeliveryIds } from "./events.ts";

/**
 * The app's answer to a verified webhook: it becomes jobs on the queue, and
 * nothing else happens on the request path (GitHub gives a delivery 10 s; see
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks).
 * A full queue throws QueueBusyError (status 503), so GitHub records the
 * delivery as failed and it can be redelivered: nothing is lost silently.
 */
export function createEventReceiver(queue: JobQueue, appId: number, mappers: EventMapper[] = []) {
  return async (event: WebhookEvent): Promise<void> => {
    const payload = event.payload as never;
    const jobs = [
      ...jobsFor(event.name, payload, appId),
      ...mappers.flatMap((mapper) => mapper(event.name, payload, appId)),
    ];
    for (const job of withDeliveryIds(jobs, event.id)) await queue.enqueue(job);
  };
}
