import { markdownCode, markdownText } from "../c4/markdown.ts";
import { compareStatus, pullsOfCommit } from "../github/compare-refs.ts";
import { listIssueComments } from "../github/issue-comments.ts";
import { readSnapshot } from "../github/read-snapshot.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { upsertTrackingIssue } from "../github/tracking-issue.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers } from "./community-text.ts";
import { loadCommunityConfig } from "./load-community-config.ts";
import { addProcessEntries, type ProcessEntry, processReportTitle } from "./process-report.ts";
import { selfMergeAudit } from "./self-merge-audit.ts";

/**
 * C4 2.4.8, 2.4.9, 2.4.13, 2.5.1, 2.5.2, 2.5.3: checks what a push, a new ref or a
 * red check suite says against GitHub's current state, and records what
 * breaks the process in the repository's one tracking issue.
 */
export async function reportProcess(
  deps: CommunityDeps,
  job: CommunityPayloads["community.process"],
) {
  const settings = await loadCommunityConfig(deps, job);
  const reports = settings?.community.processReports;
  if (!settings || !reports?.enabled) return;
  const budget = new RequestBudget(settings.community.requestBudget);
  const at = deps.now().toISOString();
  const event = job.event;
  const entries: ProcessEntry[] = [];
  switch (event.kind) {
    case "direct-push": {
      if (event.branch !== settings.defaultBranch) return;
      for (const sha of event.shas) {
        if (!budget.take()) break;
        if ((await pullsOfCommit(deps.github, job, sha)).length > 0) continue;
        entries.push({
          id: `push:${sha}`,
          clause: "2.4.8, 2.4.9",
          what: `commit ${sha.slice(0, 7)} reached ${markdownCode(event.branch)} in a push by @${event.pusher} and belongs to no pull request`,
          at,
        });
      }
      break;
    }
    case "branch":
      entries.push({
        id: `branch:${event.branch}`,
        clause: "2.5.2",
        what: `@${event.pusher} created the branch ${markdownCode(event.branch)} in the project's repository; topic branches belong in forks`,
        at,
      });
      break;
    case "red":
      // Only the default branch's current head counts: a later green push makes an old red moot.
      if (
        event.sha !== settings.headSha ||
        !["FAILURE", "ERROR"].includes(settings.headState ?? "")
      )
        return;
      entries.push({
        id: `red:${event.sha}`,
        clause: "2.5.1",
        what: `${markdownCode(settings.defaultBranch)} is red at ${event.sha.slice(0, 7)} (${markdownText(event.check)})`,
        at,
      });
      break;
    case "tag": {
      const status = await compareStatus(deps.github, job, event.tag, settings.defaultBranch);
      if (status === "ahead" || status === "identical") return;
      entries.push({
        id: `tag:${event.tag}`,
        clause: "2.5.3",
        what: `@${event.pusher} tagged ${markdownCode(event.tag)} (${event.sha.slice(0, 7)}), which is not on ${markdownCode(settings.defaultBranch)}`,
        at,
      });
      break;
    }
    case "self-merge": {
      const pull = { ...job, number: event.number };
      if (!budget.take()) return;
      const read = await readSnapshot(deps.github, pull, at);
      if (!read.snapshot) return;
      const comments = await listIssueComments(deps.github, pull, budget);
      const entry = selfMergeAudit({
        snapshot: read.snapshot,
        mergedBy: event.mergedBy,
        mergedAt: event.mergedAt,
        comments: comments.items,
        permissions: read.permissions,
        quietHours: settings.quietHours,
        maintainerPermission: settings.maintainerPermission,
      });
      if (entry) entries.push(entry);
      break;
    }
  }
  if (entries.length === 0) return;
  const number = await upsertTrackingIssue(
    deps.github,
    job,
    { label: reports.label, marker: markers.processReport, title: processReportTitle },
    (body) => addProcessEntries(body, entries),
    budget,
  );
  if (number !== null) {
    deps.log.info(
      { repo: `${job.owner}/${job.repo}`, issue: number, entries: entries.map((e) => e.id) },
      "process report updated",
    );
  }
}
