import { addComment } from "../github/comment.ts";
import { listIssueComments } from "../github/issue-comments.ts";
import { addLabels, removeLabel, updateIssue } from "../github/issue-writes.ts";
import { listIssues } from "../github/list-issues.ts";
import { listOpenPulls } from "../github/list-open-pulls.ts";
import { RequestBudget } from "../github/request-budget.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers, staleCloseText, staleMarkText } from "./community-text.ts";
import { loadCommunityConfig } from "./load-community-config.ts";
import { planStale, type StaleAction, type StaleCandidate } from "./stale-plan.ts";

const DAY = 86_400_000;

/**
 * C4 2.4.19: marks user issues left without activity, closes them later.
 * Walks the open issues within the request budget; what it does not reach
 * this run, it reaches on the next. Returns what it did (or, in dry-run,
 * would do).
 */
export async function sweepStale(
  deps: CommunityDeps,
  job: CommunityPayloads["community.stale"],
): Promise<StaleAction[]> {
  const settings = await loadCommunityConfig(deps, job);
  const stale = settings?.community.stale;
  if (!settings || !stale?.enabled) return [];
  const repo = `${job.owner}/${job.repo}`;
  const budget = new RequestBudget(settings.community.requestBudget);
  const now = deps.now();
  const open = await listIssues(deps.github, job, { state: "open" }, budget);
  const issues = open.items
    .filter(
      (issue) =>
        !issue.isPull &&
        issue.authorType !== "Bot" &&
        !issue.labels.some((label) => stale.exemptLabels.includes(label)),
    )
    // Least recently touched first: every action touches an issue, so a sweep
    // cut short by its budget starts next time where this one could not reach.
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number);
  const linked = new Set<number>();
  if (issues.length > 0 && budget.take()) {
    for (const pull of (await listOpenPulls(deps.github, job)).pulls)
      for (const n of pull.closes) linked.add(n);
  }
  const candidates: StaleCandidate[] = [];
  for (const issue of issues) {
    const marked = issue.labels.includes(stale.label);
    // Nothing at all happened lately, not even c4bot's doing: no need to read its comments.
    if (!marked && now.getTime() - Date.parse(issue.updatedAt) < stale.daysUntilStale * DAY)
      continue;
    const comments = await listIssueComments(deps.github, { ...job, number: issue.number }, budget);
    if (!comments.complete) break;
    const human = comments.items.filter((comment) => comment.authorType !== "Bot");
    const marks = comments.items.filter((comment) => comment.body.includes(markers.stale));
    candidates.push({
      number: issue.number,
      labels: issue.labels,
      createdAt: issue.createdAt,
      lastHumanActivity:
        human
          .map((comment) => comment.updatedAt)
          .sort()
          .at(-1) ?? issue.createdAt,
      markedAt:
        marks
          .map((comment) => comment.createdAt)
          .sort()
          .at(-1) ?? null,
      hasOpenPull: linked.has(issue.number),
    });
  }
  if (budget.exhausted || !open.complete) {
    deps.log.warn(
      { repo, budget: budget.limit },
      "stale sweep stopped at its request budget; the rest waits for the next run",
    );
  }
  const actions = planStale(candidates, stale, now);
  if (stale.dryRun) {
    for (const action of actions)
      deps.log.info({ repo, ...action }, `stale sweep (dry run): would ${action.kind}`);
    return actions;
  }
  for (const action of actions) {
    const target = { ...job, number: action.number };
    switch (action.kind) {
      case "mark":
        await addLabels(deps.github, target, [stale.label]);
        await addComment(
          deps.github,
          target,
          staleMarkText(action.quietDays, stale.daysUntilClose, stale.label),
        );
        break;
      case "close":
        await addComment(deps.github, target, staleCloseText(stale.daysUntilClose));
        await updateIssue(deps.github, target, { state: "closed", state_reason: "not_planned" });
        break;
      case "unmark":
        await removeLabel(deps.github, target, stale.label);
        break;
    }
    deps.log.info({ repo, ...action }, `stale sweep: ${action.kind}`);
  }
  return actions;
}
