import type { CommunityDeps } from "../community/community-handler.ts";
import {
  type CommunityKind,
  type CommunityPayloads,
  communityKey,
  communityPayloadSchemas,
} from "../community/community-jobs.ts";
import { reportContract } from "../community/contract-report-job.ts";
import { reportInactiveMaintainers } from "../community/inactive-job.ts";
import { followUp, triage, welcome } from "../community/issue-jobs.ts";
import { reportProcess } from "../community/process-job.ts";
import { writeReleaseNotes } from "../community/release-job.ts";
import { schedule } from "../community/schedule-job.ts";
import { sweepStale } from "../community/stale-job.ts";
import { suggestMaintainers } from "../community/suggest-job.ts";
import { defineJobKind, type JobDeps, type JobKind } from "./job-kind.ts";

/** A community kind: its schema and key from src/community/community-jobs.ts. */
function communityKind<K extends CommunityKind>(
  kind: K,
  run: (deps: CommunityDeps, payload: CommunityPayloads[K]) => Promise<unknown>,
  options: { background?: boolean } = {},
): JobKind<CommunityPayloads[K]> {
  return defineJobKind<CommunityPayloads[K]>({
    kind,
    payload: communityPayloadSchemas[kind] as unknown as JobKind<CommunityPayloads[K]>["payload"],
    key: (payload) => communityKey(kind, payload),
    ...options,
    async run(deps: JobDeps, payload) {
      const { github, context, log, settings } = deps;
      await run({ github, context, log, now: settings.communityNow }, payload);
    },
  });
}

/** The community tooling's jobs (docs/community.md); periodic walks are background work. */
export const communityKinds: readonly JobKind[] = [
  communityKind("community.welcome", welcome),
  communityKind("community.triage", triage),
  communityKind("community.follow-up", followUp),
  communityKind("community.process", reportProcess),
  communityKind("community.suggest", suggestMaintainers, { background: true }),
  // A maintainer who published a release waits for its notes: not background.
  communityKind("community.release-notes", writeReleaseNotes),
  // Rewritten after a release and once a day: nobody waits for it.
  communityKind("community.contract-report", reportContract, { background: true }),
  communityKind("community.schedule", schedule, { background: true }),
  communityKind("community.stale", sweepStale, { background: true }),
  communityKind("community.inactive", reportInactiveMaintainers, { background: true }),
];
