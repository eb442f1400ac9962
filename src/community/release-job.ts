import { getRelease, listReleases, listTags, updateReleaseBody } from "../github/releases.ts";
import type { RequestBudget as Budget } from "../github/request-budget.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { collectReleaseNotes } from "./collect-release-notes.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers } from "./community-text.ts";
import { loadCommunityConfig } from "./load-community-config.ts";
import { renderReleaseNotes } from "./release-notes.ts";

/**
 * C4 2.4.6: a release published with an empty body gets its notes: the
 * problems solved since the previous release (or since the start).
 */
export async function writeReleaseNotes(
  deps: CommunityDeps,
  job: CommunityPayloads["community.release-notes"],
) {
  const settings = await loadCommunityConfig(deps, job);
  if (!settings?.community.releaseNotes.enabled) return;
  const release = await getRelease(deps.github, job, job.releaseId);
  // A maintainer who wrote notes meanwhile keeps them.
  if (release.body.trim() !== "" || release.draft) return;
  const budget = new RequestBudget(settings.community.requestBudget);
  const releases = await listReleases(deps.github, job, budget);
  const previous = releases
    .filter((other) => !other.draft && other.id !== release.id)
    .filter((other) => other.createdAt <= release.createdAt)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)[0];
  // Without an earlier release, the tag before this one (GitHub lists the newest first).
  const from = previous?.tag ?? (await tagBefore(deps, job, release.tag, budget));
  const notes = await collectReleaseNotes(deps.github, job, { from, to: release.tag }, budget);
  await updateReleaseBody(
    deps.github,
    job,
    release.id,
    `${renderReleaseNotes(notes)}\n${markers.releaseNotes}\n`,
  );
  deps.log.info(
    { repo: `${job.owner}/${job.repo}`, tag: release.tag, pulls: notes.pulls.length },
    "release notes written",
  );
}

async function tagBefore(
  deps: CommunityDeps,
  repo: { owner: string; repo: string },
  tag: string,
  budget: Budget,
): Promise<string | null> {
  const tags = await listTags(deps.github, repo, budget);
  const index = tags.indexOf(tag);
  return index === -1 ? null : (tags[index + 1] ?? null);
}
