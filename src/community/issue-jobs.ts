import { addComment } from "../github/comment.ts";
import { listIssueComments } from "../github/issue-comments.ts";
import { addLabels, removeLabel } from "../github/issue-writes.ts";
import { getIssue, listIssues } from "../github/list-issues.ts";
import { readClosingIssues } from "../github/read-closing-issues.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { classifyIssue } from "./classify-issue.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import {
  followUpText,
  markers,
  triageText,
  welcomeIssueText,
  welcomePullText,
} from "./community-text.ts";
import { loadCommunityConfig } from "./load-community-config.ts";

/** Whether c4bot already wrote a comment with this marker (so a job run twice writes once). */
async function hasMarker(
  deps: CommunityDeps,
  target: { owner: string; repo: string; number: number },
  marker: string,
  budget: RequestBudget,
): Promise<boolean> {
  const comments = await listIssueComments(deps.github, target, budget);
  // Not knowing is treated as "yes": a missing comment is better than a duplicate.
  return !comments.complete || comments.items.some((comment) => comment.body.includes(marker));
}

/** Greets an account's first pull request or first issue in the repository. */
export async function welcome(deps: CommunityDeps, job: CommunityPayloads["community.welcome"]) {
  const settings = await loadCommunityConfig(deps, job);
  const welcome = settings?.community.welcome;
  if (!settings || !welcome?.enabled) return;
  const budget = new RequestBudget(settings.community.requestBudget);
  const theirs = await listIssues(deps.github, job, { state: "all", creator: job.author }, budget);
  const earlier = theirs.items.some(
    (item) => item.isPull === job.isPull && item.number < job.number,
  );
  if (earlier || !theirs.complete) return;
  if (await hasMarker(deps, job, markers.welcome, budget)) return;
  await addComment(
    deps.github,
    job,
    job.isPull
      ? welcomePullText(job.author, welcome.pullText)
      : welcomeIssueText(job.author, welcome.issueText),
  );
  deps.log.info({ issue: `${job.owner}/${job.repo}#${job.number}` }, "welcomed");
}

/**
 * C4 2.4.3, 2.4.5: an empty issue or a request gets one comment and a label;
 * the label goes once the issue, edited, states a problem. Never closes.
 */
export async function triage(deps: CommunityDeps, job: CommunityPayloads["community.triage"]) {
  const settings = await loadCommunityConfig(deps, job);
  const triage = settings?.community.triage;
  if (!settings || !triage?.enabled) return;
  const issue = await getIssue(deps.github, job);
  if (issue.isPull || issue.state !== "open" || issue.authorType === "Bot") return;
  const reading = classifyIssue(issue);
  const labelled = issue.labels.includes(triage.label);
  if (reading.kind === "problem") {
    if (labelled) {
      await removeLabel(deps.github, job, triage.label);
      deps.log.info({ issue: `${job.owner}/${job.repo}#${job.number}` }, "triage label removed");
    }
    return;
  }
  if (job.action !== "opened") return;
  const budget = new RequestBudget(settings.community.requestBudget);
  if (!(await hasMarker(deps, job, markers.triage, budget))) {
    await addComment(deps.github, job, triageText(issue.author, reading.kind, triage.label));
  }
  if (!labelled) await addLabels(deps.github, job, [triage.label]);
  deps.log.info(
    {
      issue: `${job.owner}/${job.repo}#${job.number}`,
      kind: reading.kind,
      signals: reading.signals,
    },
    "issue triaged",
  );
}

/** C4 2.4.17: the author of each issue a merged patch closes is asked to verify it. */
export async function followUp(deps: CommunityDeps, job: CommunityPayloads["community.follow-up"]) {
  const settings = await loadCommunityConfig(deps, job);
  if (!settings?.community.followUp.enabled) return;
  const pull = await readClosingIssues(deps.github, job);
  if (!pull.merged) return;
  const budget = new RequestBudget(settings.community.requestBudget);
  for (const issue of pull.issues) {
    // Whoever wrote the patch for their own issue has checked it already.
    if (!issue.author || issue.authorType === "Bot" || issue.author === pull.author) continue;
    const target = { owner: job.owner, repo: job.repo, number: issue.number };
    if (await hasMarker(deps, target, markers.followUp(job.number), budget)) continue;
    await addComment(deps.github, target, followUpText(issue.author, job.number));
  }
}
