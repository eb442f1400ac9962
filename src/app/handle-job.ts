/**
 * The job handler is the job registry's runner now (src/jobs); the
 * observer's event types stay importable from here for the history.
 */
export type { BotObserver, MergeEvent, VerdictEvent } from "../jobs/observer.ts";
