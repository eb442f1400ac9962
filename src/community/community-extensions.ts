import type { Job, JobContext } from "../core/job.ts";
import type { GitHubClient } from "../github/client.ts";
import type { CommunityDeps, CommunityLog } from "./community-handler.ts";
import type { CommunityKind, CommunityPayloads } from "./community-jobs.ts";
import { followUp, triage, welcome } from "./issue-jobs.ts";
import { mapCommunityEvent } from "./map-community-event.ts";
import { reportProcess } from "./process-job.ts";
import { writeReleaseNotes } from "./release-job.ts";
import { schedule } from "./schedule-job.ts";
import { sweepStale } from "./stale-job.ts";
import { suggestMaintainers } from "./suggest-job.ts";

type Handler = (
  github: GitHubClient,
  job: Job,
  context: JobContext,
  log: CommunityLog,
) => Promise<void>;

export interface CommunityOptions {
  /** The clock the stale sweep and the reports read (tests move it with the simulator's). */
  now?: () => Date;
}

/**
 * The community tooling as `startBot` extensions (docs/community.md): one
 * webhook mapper and a handler per job kind. `startBot` registers them by
 * default.
 */
export function communityExtensions(options: CommunityOptions = {}) {
  const now = options.now ?? (() => new Date());
  const handle =
    <K extends CommunityKind>(
      run: (deps: CommunityDeps, payload: CommunityPayloads[K]) => Promise<void>,
    ): Handler =>
    (github, job, context, log) =>
      run({ github, context, log, now }, job.payload as CommunityPayloads[K]);
  const handlers: Record<string, Handler> = {
    "community.welcome": handle<"community.welcome">(welcome),
    "community.triage": handle<"community.triage">(triage),
    "community.follow-up": handle<"community.follow-up">(followUp),
    "community.release-notes": handle<"community.release-notes">(writeReleaseNotes),
    "community.process": handle<"community.process">(reportProcess),
    "community.suggest": handle<"community.suggest">(suggestMaintainers),
    "community.schedule": handle<"community.schedule">(schedule),
    "community.stale": handle<"community.stale">(async (deps, payload) => {
      await sweepStale(deps, payload);
    }),
  };
  return { mappers: [mapCommunityEvent], handlers };
}
