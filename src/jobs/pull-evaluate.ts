import { C4_CHECK_NAME, type C4Config, formatConfigProblem, type Verdict } from "../c4/index.ts";
import { markdownCode, markdownText } from "../c4/markdown.ts";
import { ruleOnOverride } from "../c4/override.ts";
import { isBreak } from "../c4/rules/public-contract.ts";
import { writeCheckRun } from "../github/check-run.ts";
import { addComment } from "../github/comment.ts";
import { type PullRead, readSnapshot } from "../github/read-snapshot.ts";
import { type EvaluatePayload, evaluateJob, mergeJob } from "./app-jobs.ts";
import { checkRunButtons } from "./check-run-buttons.ts";
import { checkRunReport } from "./check-run-report.ts";
import { syncBreakingLabel } from "./contract-for-pull.ts";
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
  const rules = await deps.branchRules.read(github, {
    owner: job.owner,
    repo: job.repo,
    branch: snapshot.base.ref,
  });
  const judged = await judgePull(github, job, read, snapshot, rules.requiredChecks);
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
  const force = job.force ? await authorise(deps, job, read, config, verdict) : null;
  let merging = (verdict.decision === "merge" || force !== null) && !dryRun && !snapshot.draft;
  if (merging && snapshot.mergeable === false) {
    merging = false;
    notes.push(
      `❗ GitHub reports a merge conflict with ${markdownCode(snapshot.repo.defaultBranch)}: rebase the patch on it and push.`,
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
  const contract = verdict.results.find((result) => result.rule === "public-contract");
  const queued = merging && rules.mergeQueue && read.inMergeQueue;
  if (queued) {
    merging = false;
    notes.push(
      `🚂 In the merge queue of ${markdownCode(snapshot.base.ref)}: GitHub merges it once the required checks pass on the queue's commit.`,
    );
  } else if (merging && rules.mergeQueue) {
    notes.push(
      `🚂 ${markdownCode(snapshot.base.ref)} merges through a merge queue: c4bot hands the patch to it.`,
    );
  }
  if (force && merging) {
    notes.push(
      `🔨 @${force.by} asked to merge this patch anyway (C4 2.4.16): "${markdownText(force.reason)}".`,
    );
    // A break of the stable contract needs the overriding consensus of 2.6.3.
    if (contract && isBreak(contract)) {
      notes.push(
        `The break of the stable contract goes in as the overriding consensus of C4 2.6.3.`,
      );
    }
  }
  if (!dryRun) await syncBreakingLabel(github, job, snapshot, config, contract);

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
        ...(rules.mergeQueue && read.pullNodeId
          ? { queue: { pullRequestId: read.pullNodeId } }
          : {}),
        ...(force
          ? {
              commitMessage: `Merged by @${force.by} under C4 2.4.16, though not a correct patch: ${force.reason}`,
            }
          : {}),
      }),
    );
  } else if (verdict.decision === "wait" && !verdict.draft) {
    await context.enqueue(evaluateJob(stripForce(job)), {
      delayMs: recheckDelay(verdict, now, settings.pendingRecheckMs),
    });
  }
}

/** The snapshot with the base branch's required checks, read apart from the one query. */
function recheckDelay(verdict: Verdict, now: Date, pendingRecheckMs: number): number {
  if (!verdict.recheckAt) return pendingRecheckMs;
  // One second late rather than early: a quiet period must really be over.
  return Math.max(1000, Date.parse(verdict.recheckAt) - now.getTime() + 1000);
}

/**
 * The one who asked for `/c4 merge` may, if they are a maintainer and the
 * patch is not their own (C4 2.4.16, 2.4.13); otherwise they are told why.
 */
async function authorise(
  deps: JobDeps,
  job: EvaluatePayload,
  read: PullRead,
  config: C4Config,
  verdict: Verdict,
): Promise<NonNullable<EvaluatePayload["force"]> | null> {
  const { force } = job;
  if (!force || !read.snapshot) return null;
  const permission = read.permissions.get(force.by.toLowerCase()) ?? "none";
  const ruling = ruleOnOverride(read.snapshot, config, verdict, {
    login: force.by,
    permission,
    via: force.via ?? "comment",
  });
  if (ruling.kind === "allowed") return force;
  deps.log.info(
    { pull: `${job.owner}/${job.repo}#${job.number}`, by: force.by, ruling: ruling.kind },
    "/c4 merge refused",
  );
  await addComment(deps.github, job, ruling.reply);
  return null;
}

function stripForce(job: EvaluatePayload): EvaluatePayload {
  const { force: _force, ...rest } = job;
  return rest;
}
