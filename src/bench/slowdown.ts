import { performance } from "node:perf_hooks";

/**
 * `C4BOT_BENCH_SLOWDOWN_US`: microseconds every benchmark job spends in its
 * handler before it is done, holding the worker's thread as real work would.
 * Only for proving that the comparison catches a regression
 * (`npm run bench:selfcheck`, issue 5); unset (0) everywhere else.
 */
export const SLOWDOWN_ENV = "C4BOT_BENCH_SLOWDOWN_US";

let cached: number | undefined;

/** The slowdown this process was started with, in microseconds. */
export function slowdownMicros(env: NodeJS.ProcessEnv = process.env): number {
  if (env !== process.env) return parseMicros(env[SLOWDOWN_ENV]);
  cached ??= parseMicros(env[SLOWDOWN_ENV]);
  return cached;
}

function parseMicros(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const micros = Number(value);
  if (!Number.isFinite(micros) || micros < 0) {
    throw new Error(`[c4bot] ${SLOWDOWN_ENV} must be a number of microseconds, got "${value}"`);
  }
  return micros;
}

/**
 * Spends `micros` on this thread. A busy wait, not a timer: timers cannot
 * wait a few microseconds, and a blocked thread is what slow code looks like.
 */
export function spendMicros(micros: number): void {
  if (micros <= 0) return;
  const until = performance.now() + micros / 1000;
  while (performance.now() < until) {
    // Busy on purpose.
  }
}

/**
 * The job handler benchmark scenarios give the core: nothing but the
 * injected slowdown, so a scenario measures the core and not the job.
 */
export async function benchJobHandler(): Promise<void> {
  spendMicros(slowdownMicros());
}
