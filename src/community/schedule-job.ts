import { listInstallationRepos, listInstallations } from "../github/list-installations.ts";
import type { CommunityDeps } from "./community-handler.ts";
import { type CommunityPayloads, communityJob } from "./community-jobs.ts";

/** The UTC hour in which the schedule also queues the inactive-maintainers and contract reports. */
export const INACTIVE_REPORT_HOUR_UTC = 3;

/**
 * The periodic community work, queued with the reconciler: with the app's
 * client it fans out to each installation; with an installation's, to a
 * stale sweep of each of its repositories (each its own job, keyed by the
 * repository, so a big installation never holds one worker for long).
 */
export async function schedule(deps: CommunityDeps, job: CommunityPayloads["community.schedule"]) {
  if (job.installationId === undefined) {
    for (const installationId of await listInstallations(deps.github)) {
      await deps.context.enqueue(communityJob("community.schedule", { installationId }), {
        priority: "background",
      });
    }
    return;
  }
  // The 2.7.4 report changes over months: one hour a day is often enough.
  const daily = deps.now().getUTCHours() === INACTIVE_REPORT_HOUR_UTC;
  for (const repo of await listInstallationRepos(deps.github)) {
    const ref = { installationId: job.installationId, ...repo };
    // Periodic walks never hold the slot a webhook's job needs.
    await deps.context.enqueue(communityJob("community.stale", ref), { priority: "background" });
    if (daily) {
      // The contract report also runs after each release; once a day it
      // sees promotions merged since, and configuration changes.
      for (const kind of ["community.inactive", "community.contract-report"] as const) {
        await deps.context.enqueue(communityJob(kind, ref), { priority: "background" });
      }
    }
  }
}
