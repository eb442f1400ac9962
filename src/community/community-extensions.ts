import { mapCommunityEvent } from "./map-community-event.ts";

export interface CommunityOptions {
  /** The clock the stale sweep and the reports read (tests move it with the simulator's). */
  now?: () => Date;
}

/**
 * The community tooling as `startBot` extensions (docs/community.md): its
 * webhook mapper, and its jobs' settings. Its job kinds are in the job
 * registry (src/jobs/community-kinds.ts), so every worker, in process or
 * remote, runs them. `startBot` registers them by default.
 */
export function communityExtensions(options: CommunityOptions = {}) {
  return { mappers: [mapCommunityEvent], community: options };
}
