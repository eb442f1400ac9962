import { setFlagsFromString } from "node:v8";

/**
 * Node flags for every process that runs the core. They must be on the
 * command line (V8 sizes the young generation before any code runs), so
 * they are in the npm scripts, the Dockerfile's entry point and the bench's
 * child processes (a test keeps them in step). Not in the bin's shebang:
 * `#!/usr/bin/env -S node ...` fails where `env` has no -S (BusyBox, so
 * Alpine); run the bin as `node --min-semi-space-size=16 $(command -v
 * c4bot) serve` to get them (docs/core.md). Without them everything works
 * the same, with a worse one-in-flight tail.
 *
 * `--min-semi-space-size=16`: start the young generation at 16 MB instead
 * of 1 MB. At a trickle of jobs V8 kept it small, so it collected every
 * ~130 jobs (70 scavenges in 9,000 one-at-a-time jobs), and each scavenge,
 * mostly the fixed cost of waking the parallel scavenger's threads on two
 * shared CPUs, put a job over 1 ms: one-in-flight p99 0.98-1.28 ms against
 * 0.57-0.71 with it (12 scavenges). Under load V8 grows it to 16 MB anyway;
 * the cost is up to 16 MB more memory in a quiet process.
 */
export const CORE_NODE_FLAGS: readonly string[] = ["--min-semi-space-size=16"];

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
 * tcp (docs/core-measurements.md): in runs where that happened, 110 MB was
 * promoted in 6 s against 13 MB, GC took 229 ms against 72, and the
 * half-rate p99 was 12-15 ms; with pretenuring off no run went that way.
 *
 * V8 reads this flag when it digests allocation feedback after each
 * scavenge, so setting it at start-up takes effect before any decision is
 * made, however c4bot was started (NODE_OPTIONS cannot carry it).
 */
export function tuneGarbageCollector(): void {
  setFlagsFromString("--no-allocation-site-pretenuring");
}
