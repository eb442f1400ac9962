import { setFlagsFromString } from "node:v8";

/**
 * Turns off V8's allocation-site pretenuring for this process. Every
 * process that runs the core calls it first (`c4bot` itself, and the bench
 * processes that stand for it).
 *
 * Why: V8 watches where objects are allocated, and when most objects from
 * one place in the code survive a young-generation collection, it decides
 * to allocate them in the old generation from then on. A job pipeline
 * makes that decision at the wrong moment: during a burst (or a pause) the
 * queued jobs' objects survive, V8 decides for good, and afterwards every
 * job's short-lived objects go straight to the old generation, taking what
 * they point to with them at each scavenge. Measured at 20,000 jobs/s over
 * tcp (docs/core.md): in runs where that happened, 110 MB was promoted in
 * 6 s against 13 MB, GC took 229 ms against 72, and the half-rate p99 was
 * 12-15 ms; with pretenuring off no run went that way.
 *
 * V8 reads this flag when it digests allocation feedback after each
 * scavenge, so setting it at start-up (rather than on the command line,
 * which `node dist/cli.js` and NODE_OPTIONS cannot carry) takes effect
 * before any decision is made.
 */
export function tuneGarbageCollector(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
