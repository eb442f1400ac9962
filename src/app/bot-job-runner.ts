import type { Probot } from "probot";
import { type CommunityOptions, communityExtensions } from "../community/community-extensions.ts";
import type { JobHandler } from "../core/job.ts";
import { createJobRunner, type JobRunnerOptions } from "../jobs/create-job-runner.ts";
import type { JobKind, Logger } from "../jobs/job-kind.ts";
import type { BotObserver } from "../jobs/observer.ts";
import type { EventMapper } from "./events.ts";

/**
 * More than the app's own webhook mappings, and settings of the registry's
 * job kinds: the community tooling (docs/community.md) by default.
 */
export interface BotExtensions {
  mappers?: EventMapper[];
  /** The community jobs' settings (their kinds are always in the registry). */
  community?: CommunityOptions;
  /** Job kinds beyond the registry's, run only by in-process workers (tests). */
  kinds?: readonly JobKind[];
}

/** The settings of `startBot` and `c4bot worker` that shape how jobs run. */
export interface JobRunSettings {
  appId: number | string;
  dryRun?: boolean;
  extensions?: BotExtensions;
  /** Timings of re-evaluations (tests shorten them). */
  timing?: Pick<
    JobRunnerOptions,
    "pendingRecheckMs" | "mergeableRecheckMs" | "unknownMergeRecheckMs" | "now"
  >;
}

/** The extensions a bot runs with: the community tooling's unless told otherwise. */
export function botExtensions(settings: Pick<JobRunSettings, "extensions">): BotExtensions {
  return settings.extensions ?? communityExtensions();
}

/**
 * The one wiring of the job registry into a bot's GitHub App, shared by
 * `startBot` (serve, sandbox, tests) and `c4bot worker`: a remote worker
 * runs every kind an in-process one runs, community included.
 */
export function botJobRunner(
  settings: JobRunSettings,
  deps: { probot: Probot; log: Logger; observer: BotObserver },
): JobHandler {
  const extensions = botExtensions(settings);
  return createJobRunner({
    appId: Number(settings.appId),
    auth: (installationId) => deps.probot.auth(installationId),
    log: deps.log,
    observer: deps.observer,
    dryRun: settings.dryRun ?? false,
    ...(extensions.community ? { community: extensions.community } : {}),
    ...(extensions.kinds ? { kinds: extensions.kinds } : {}),
    ...settings.timing,
  });
}
