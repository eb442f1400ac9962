import type { Job } from "../core/job.ts";

/** The repository a community job is about, and the installation that may act on it. */
export interface RepoRef {
  installationId: number;
  owner: string;
  repo: string;
}

/** What the process report records (C4 2.4.8, 2.4.9, 2.5.1, 2.5.2, 2.5.3). */
export type ProcessEvent =
  | { kind: "direct-push"; branch: string; shas: string[]; pusher: string }
  | { kind: "branch"; branch: string; pusher: string }
  | { kind: "red"; sha: string; branch: string; check: string }
  | { kind: "tag"; tag: string; sha: string; pusher: string };

export type CommunityPayloads = {
  "community.welcome": RepoRef & { number: number; author: string; isPull: boolean };
  "community.triage": RepoRef & { number: number; action: "opened" | "edited" };
  "community.follow-up": RepoRef & { number: number };
  "community.suggest": RepoRef & { author: string };
  "community.process": RepoRef & { event: ProcessEvent };
  "community.release-notes": RepoRef & { releaseId: number };
  /** Without an installation: every installation; with one: each of its repositories. */
  "community.schedule": { installationId?: number };
  "community.stale": RepoRef;
};

export type CommunityKind = keyof CommunityPayloads;
export type CommunityJob<K extends CommunityKind = CommunityKind> = Job<CommunityPayloads[K]> & {
  kind: K;
};

const repoKey = (ref: RepoRef) => `${ref.owner}/${ref.repo}`;
const issueKey = (ref: RepoRef & { number: number }) => `${repoKey(ref)}#${ref.number}`;

/**
 * A community job. Issue-level work is keyed by the issue (ordered with the
 * pull request's own jobs); anything that writes one shared issue (the
 * process report, the suggestions) or walks the repository is keyed by the
 * repository, so two runs never race to create the same issue.
 */
export function communityJob<K extends CommunityKind>(
  kind: K,
  payload: CommunityPayloads[K],
): CommunityJob<K> {
  const key =
    kind === "community.schedule"
      ? "community"
      : "number" in payload
        ? issueKey(payload as RepoRef & { number: number })
        : repoKey(payload as RepoRef);
  return { kind, key, payload };
}

/** The periodic sweep over every installation (stale issues); queued with the reconciler. */
export function communityScheduleJob(): CommunityJob<"community.schedule"> {
  return communityJob("community.schedule", {});
}
