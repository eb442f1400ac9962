import { z } from "zod";
import type { Job } from "../core/job.ts";
import { issueKey, repoKey } from "../github/repo-key.ts";

const login = z.string().min(1);
const count = z.number().int().positive();

/** The repository a community job is about, and the installation that may act on it. */
const repoRef = z.object({ installationId: count, owner: login, repo: login });
export type RepoRef = z.infer<typeof repoRef>;

/** What the process report records (C4 2.4.8, 2.4.9, 2.4.13, 2.5.1, 2.5.2, 2.5.3). */
const processEvent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("direct-push"),
    branch: z.string(),
    shas: z.array(z.string()),
    pusher: z.string(),
  }),
  z.object({ kind: z.literal("branch"), branch: z.string(), pusher: z.string() }),
  z.object({ kind: z.literal("red"), sha: z.string(), branch: z.string(), check: z.string() }),
  z.object({ kind: z.literal("tag"), tag: z.string(), sha: z.string(), pusher: z.string() }),
  /** C4 2.4.13: a maintainer merged their own pull request by hand. */
  z.object({
    kind: z.literal("self-merge"),
    number: count,
    mergedBy: login,
    mergedAt: z.string(),
  }),
]);
export type ProcessEvent = z.infer<typeof processEvent>;

/** Each community job's payload, checked before its handler runs (src/jobs). */
export const communityPayloadSchemas = {
  "community.welcome": repoRef.extend({ number: count, author: login, isPull: z.boolean() }),
  "community.triage": repoRef.extend({ number: count, action: z.enum(["opened", "edited"]) }),
  "community.follow-up": repoRef.extend({ number: count }),
  "community.suggest": repoRef.extend({ author: login }),
  "community.process": repoRef.extend({ event: processEvent }),
  "community.release-notes": repoRef.extend({ releaseId: count }),
  /** C4 2.6.5, 2.6.7: the drafts to promote and deprecated symbols to remove. */
  "community.contract-report": repoRef,
  /** Without an installation: every installation; with one: each of its repositories. */
  "community.schedule": z.object({ installationId: count.optional() }),
  "community.stale": repoRef,
  "community.inactive": repoRef,
};

export type CommunityPayloads = {
  [K in keyof typeof communityPayloadSchemas]: z.infer<(typeof communityPayloadSchemas)[K]>;
};

export type CommunityKind = keyof CommunityPayloads;
export type CommunityJob<K extends CommunityKind = CommunityKind> = Job<CommunityPayloads[K]> & {
  kind: K;
};

/**
 * A community job's key. Issue-level work is keyed by the issue (ordered
 * with the pull request's own jobs); anything that writes one shared issue
 * (the process report, the suggestions) or walks the repository is keyed by
 * the repository, so two runs never race to create the same issue. Keys are
 * lower-cased as the app's (src/github/repo-key.ts).
 */
export function communityKey<K extends CommunityKind>(kind: K, payload: CommunityPayloads[K]) {
  if (kind === "community.schedule") return "community";
  return "number" in payload
    ? issueKey(payload as RepoRef & { number: number })
    : repoKey(payload as RepoRef);
}

/** A community job. */
export function communityJob<K extends CommunityKind>(
  kind: K,
  payload: CommunityPayloads[K],
): CommunityJob<K> {
  return { kind, key: communityKey(kind, payload), payload };
}

/** The periodic sweep over every installation (stale issues); queued with the reconciler. */
export function communityScheduleJob(): CommunityJob<"community.schedule"> {
  return communityJob("community.schedule", {});
}
