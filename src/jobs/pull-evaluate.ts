import { C4_CHECK_NAME, type C4Config, formatConfigProblem, type Verdict } from "../c4/index.ts";
import { hasPermission } from "../c4/permission.ts";
import { writeCheckRun } from "../github/check-run.ts";
import { addComment } from "../github/comment.ts";
import { type PullRead, readSnapshot } from "../github/read-snapshot.ts";
import { type EvaluatePayload, evaluateJob, mergeJob } from "./app-jobs.ts";
import { checkRunButtons } from "./check-run-buttons.ts";
import { checkRunReport } from "./check-run-report.ts";
import { inputsFingerprint, isSettled } from "./evaluation-inputs.ts";
import type { JobDeps } from "./job-kind.ts";
import { judgePull } from "./judge-pull.ts";
import { mergeRetryNotice } from "./merge-retry-notice.ts";

/**
 * `pull.evaluate`: reads a pull request, judges it, writes the `C4` check
 * run, and queues its merge, or a later look.
 */
export async function evaluatePull(deps: JobDeps, job: EvaluatePayload): Promise<void> {
  const { github, log, settings, context } = deps;
  const now = settings.now();
  const read = await readSnapshot(github, job, now.toISOString());
  const snapshot = read.snapshot;
  if (!snapshot || read.state !== "OPEN") {
    log.info({ pull: `${job.owner}/${job.repo}#${job.number}` }, "not open: skipped");
    // Closed while a merge was being retried: nobody waits for it any more.
    deps.observer.attention?.(mergeRetryNotice(job, now));
    return;
  }
  const target = {
    owner: job.owner,
    repo: job.repo,
    headSha: snapshot.head.sha,
    name: C4_CHECK_NAME,
    id: read.c4CheckRunId,
    existing: read.c4CheckRun,
  };
  const judged = await judgePull(github, job, read, snapshot);
  if (!judged.ok) {
    await writeCheckRun(github, target, {
      ...judged.report,
      actions: checkRunButtons(job.number, null),
    });
    // Maintainers, not only the contributor, must hear of it (issue 21).
    const text = `Invalid ${judged.source}: merging paused until it is fixed`;
    const details = judged.errors.map(formatConfigProblem);
    log.warn({ repo: `${job.owner}/${job.repo}`, errors: details }, text);
    deps.observer.attention?.({
      kind: "config-broken",
      repo: `${job.owner}/${job.repo}`,
      number: null,
      installation: job.installationId,
      isPrivate: read.isPrivate,
      text,
      details,
      until: null,
      at: now.toISOString(),
    });
    return;
  }
  const { config, verdict, notes } = judged;

  const dryRun = settings.dryRun || config.mode === "dry-run";
  const force = job.force ? authorise(job, read, config) : null;
  if (job.force && !force) {
    await addComment(
      github,
      job,
      `@${job.force.by}: only maintainers (\`${config.maintainerPermission}\` permission or more) can merge with ${job.force.via === "button" ? 'the "Merge anyway" button' : "`/c4 merge`"} (C4 2.4.16).`,
    );
  }
  let merging = (verdict.decision === "merge" || force !== null) && !dryRun && !snapshot.draft;
  if (merging && snapshot.mergeable === false) {
    merging = false;
    notes.push(
      `❗ GitHub reports a merge conflict with \`${snapshot.repo.defaultBranch}\`: rebase the patch on it and push.`,
    );
  } else if (merging && snapshot.mergeable === null) {
    merging = false;
    notes.push(
      "⏳ GitHub is still working out whether the patch merges cleanly; c4bot looks again shortly.",
    );
    // GitHub computes mergeability in the background, usually within seconds;
    // back off so that a slow computation costs few requests.
    const waits = job.mergeableWaits ?? 0;
    await context.enqueue(evaluateJob({ ...job, mergeableWaits: waits + 1 }), {
      delayMs: Math.min(settings.mergeableRecheckMs * 2 ** waits, 5 * 60_000),
    });
  }
  if (force && merging) {
    notes.push(`🔨 @${force.by} asked to merge this patch anyway (C4 2.4.16): "${force.reason}".`);
  }

  const report = checkRunReport(verdict, { dryRun, merging, notes });
  report.actions = checkRunButtons(job.number, { verdict, merging, dryRun });
  if (force && merging) report.title = `Merging on @${force.by}'s word (C4 2.4.16)`;
  if (isSettled(verdict, merging)) {
    report.externalId = inputsFingerprint({
      headSha: snapshot.head.sha,
      updatedAt: snapshot.updatedAt,
      configOids: read.configOids,
    });
  }
  const checkRunId = await writeCheckRun(github, target, report);
  deps.observer.verdict?.({
    repo: `${job.owner}/${job.repo}`,
    number: job.number,
    title: snapshot.title,
    author: snapshot.author.login,
    headSha: snapshot.head.sha,
    isPrivate: read.isPrivate,
    verdict,
    merging,
    dryRun,
    at: now.toISOString(),
  });

  if (merging) {
    await context.enqueue(
      mergeJob({
        installationId: job.installationId,
        owner: job.owner,
        repo: job.repo,
        number: job.number,
        sha: snapshot.head.sha,
        method: config.merge.method,
        checkRunId,
        ...(force
          ? {
              commitMessage: `Merged by @${force.by} under C4 2.4.16, though not a correct patch: ${force.reason}`,
            }
          : {}),
      }),
    );
  } else if (verdict.decision === "wait") {
    await context.enqueue(evaluateJob(stripForce(job)), {
      delayMs: recheckDelay(verdict, now, settings.pendingRecheckMs),
    });
  }
}

function recheckDelay(verdict: Verdict, now: Date, pendingRecheckMs: number): number {
  if (!verdict.recheckAt) return pendingRecheckMs;
  // One second late rather than early: a quiet period must really be over.
  return Math.max(1000, Date.parse(verdict.recheckAt) - now.getTime() + 1000);
}

/** The one who asked for `/c4 merge` may, if they are a maintainer. */
function authorise(job: EvaluatePayload, read: PullRead, config: C4Config) {
  if (!job.force) return null;
  const permission = read.permissions.get(job.force.by.toLowerCase()) ?? "none";
  return hasPermission(permission, config.maintainerPermission) ? job.force : null;
}

function stripForce(job: EvaluatePayload): EvaluatePayload {
  const { force: _force, ...rest } = job;
  return rest;
}
