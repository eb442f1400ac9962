import { readMaintainerActivity } from "../github/read-maintainer-activity.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { upsertTrackingIssue } from "../github/tracking-issue.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers } from "./community-text.ts";
import { inactiveMaintainers, inactiveTitle, renderInactive } from "./inactive-maintainers.ts";
import { loadCommunityConfig } from "./load-community-config.ts";

/**
 * C4 2.7.4: keeps the one issue that lists maintainers with no recent
 * activity. Written only when the list changes; nobody is removed.
 */
export async function reportInactiveMaintainers(
  deps: CommunityDeps,
  job: CommunityPayloads["community.inactive"],
) {
  const settings = await loadCommunityConfig(deps, job);
  const report = settings?.community.inactiveMaintainers;
  if (!settings || !report?.enabled) return;
  const activity = await readMaintainerActivity(deps.github, job);
  const list = inactiveMaintainers(
    activity.permissions,
    activity.actions,
    deps.now(),
    report.days,
    settings.maintainerPermission,
  );
  const budget = new RequestBudget(settings.community.requestBudget);
  const spec = { label: report.label, marker: markers.inactiveMaintainers, title: inactiveTitle };
  // No issue is opened just to say that nobody is inactive.
  await upsertTrackingIssue(
    deps.github,
    job,
    spec,
    (body) =>
      body === null && list.length === 0 ? null : renderInactive(list, report.days, activity.pulls),
    budget,
  );
}
