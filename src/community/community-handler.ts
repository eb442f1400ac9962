import type { JobContext } from "../core/job.ts";
import type { GitHubClient } from "../github/client.ts";

/** The log a community job writes to (the job runner's, src/jobs). */
export interface CommunityLog {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

/** What every community job gets besides its payload. */
export interface CommunityDeps {
  github: GitHubClient;
  context: JobContext;
  log: CommunityLog;
  /** The clock (tests move it with the simulator's). */
  now(): Date;
}
