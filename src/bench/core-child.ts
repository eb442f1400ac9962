/**
 * One part of the `core` scenario in a child process of its own (forked by
 * core-scenario.ts): it loads the core and the bench code only, not the CLI
 * with Probot and fastify, so the memory it reports is the core's, and each
 * part starts from a fresh heap.
 *
 *   node core-child.js PART SAMPLES [MAX_RATE]
 *
 * PART: baselines, inproc, tcp, latency, half (needs the tcp part's maximum rate), burst,
 * bullmq (needs a redis-server binary).
 *
 * Progress lines and, last, the metrics go to the parent over IPC (or to
 * stdout when run by hand).
 */

import { tuneGarbageCollector } from "../core/gc-tuning.ts";
import { promiseQueuePeer } from "./core-inproc-part.ts";
import { type CorePart, coreParts, measureCorePart } from "./core-measure.ts";

// As in `c4bot` itself (gc-tuning.ts says why).
tuneGarbageCollector();

const [part, samples, maxRate] = process.argv.slice(2);
if (part === "promise-queue-peer") {
  // The inproc part's LocalQueue, in a process of its own (core-inproc-part.ts).
  promiseQueuePeer();
} else {
  await measure();
}

async function measure(): Promise<void> {
  if (!coreParts.includes(part as CorePart)) {
    throw new Error(`usage: core-child ${coreParts.join("|")} SAMPLES`);
  }
  const send = (message: object) => {
    if (process.send) process.send(message);
    else process.stdout.write(`${JSON.stringify(message)}\n`);
  };
  const metrics = await measureCorePart(
    part as CorePart,
    Number(samples ?? "3"),
    (line) => send({ progress: line }),
    Number(maxRate),
  );
  send({ metrics });
  // Nothing must keep the child alive once its figures are out.
  process.disconnect?.();
  process.exitCode = 0;
}
