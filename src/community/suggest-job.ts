import { listPulls } from "../github/list-pulls.ts";
import { readCollaborators } from "../github/read-collaborators.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { upsertTrackingIssue } from "../github/tracking-issue.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers } from "./community-text.ts";
import { loadCommunityConfig } from "./load-community-config.ts";
import {
  maintainerCandidates,
  renderSuggestions,
  suggestionsTitle,
} from "./maintainer-candidates.ts";

/**
 * C4 2.7.3: after a merge, if its author has no write access and now has
 * enough merged correct patches, the administrators' one suggestions issue
 * lists every such contributor with the evidence. Never invites anyone.
 */
export async function suggestMaintainers(
  deps: CommunityDeps,
  job: CommunityPayloads["community.suggest"],
) {
  const settings = await loadCommunityConfig(deps, job);
  const suggestions = settings?.community.maintainerSuggestions;
  if (!settings || !suggestions?.enabled || job.author.endsWith("[bot]")) return;
  const permissions = await readCollaborators(deps.github, job);
  if (["admin", "maintain", "write"].includes(permissions.get(job.author.toLowerCase()) ?? ""))
    return;
  const budget = new RequestBudget(settings.community.requestBudget);
  const pulls = await listPulls(deps.github, job, budget);
  const candidates = maintainerCandidates(pulls.items, permissions, suggestions.threshold);
  if (!candidates.some((candidate) => candidate.login === job.author)) {
    if (!pulls.complete)
      deps.log.warn(
        { repo: `${job.owner}/${job.repo}` },
        "suggestions stopped at the request budget",
      );
    return;
  }
  const admins = [...permissions.entries()]
    .filter(([, role]) => role === "admin")
    .map(([login]) => login)
    .sort();
  await upsertTrackingIssue(
    deps.github,
    job,
    { label: suggestions.label, marker: markers.maintainerSuggestions, title: suggestionsTitle },
    () => renderSuggestions(candidates, admins, suggestions.threshold),
    budget,
  );
}
