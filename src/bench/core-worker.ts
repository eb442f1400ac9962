/**
 * A bench worker process: the core's Worker over tcp with a trivial handler,
 * and nothing else loaded (no CLI, no Probot), so the tcp scenario measures
 * the core and its processes' memory is the core's. The handler parses the
 * payload as every job does (the Worker does it before calling it).
 *
 *   node core-worker.js ENDPOINT CREDIT
 *
 * SIGTERM: finish, hand back, leave (the Worker's acknowledged close).
 */

import { tuneGarbageCollector } from "../core/gc-tuning.ts";
import { Worker } from "../core/worker.ts";

// As in `c4bot` itself (gc-tuning.ts says why).
tuneGarbageCollector();

const [endpoint, credit] = process.argv.slice(2);
if (!endpoint) throw new Error("usage: core-worker ENDPOINT [CREDIT]");
const worker = new Worker({
  endpoint,
  concurrency: Number(credit ?? "64"),
  handler: async () => {},
  log: {
    warn: (object, message) => process.stderr.write(`${message} ${JSON.stringify(object)}\n`),
  },
});
worker.start();
const stop = () => {
  void worker.close().then(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
// The Worker's timers are unref'd: keep the process alive until told to stop.
setInterval(() => {}, 1 << 30);
