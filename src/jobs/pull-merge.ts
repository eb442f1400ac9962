import { C4_CHECK_NAME } from "../c4/index.ts";
import { markdownText } from "../c4/markdown.ts";
import { RetryLaterError } from "../core/job.ts";
import { writeCheckRun } from "../github/check-run.ts";
import { enqueuePull } from "../github/enqueue-pull.ts";
import { mergePull } from "../github/merge-pull.ts";
import { evaluateJob, type MergePayload } from "./app-jobs.ts";
import { clockTime } from "./clock-time.ts";
import type { JobDeps } from "./job-kind.ts";
import { mergeRetryNotice } from "./merge-retry-notice.ts";

/** `pull.merge`: merges one evaluated head with the `sha` guard. */
export async function mergeEvaluated(deps: JobDeps, job: MergePayload): Promise<void> {
  const { github, log, settings } = deps;
  const pull = `${job.owner}/${job.repo}#${job.number}`;
  if (job.queue) return enqueueEvaluated(deps, job, job.queue.pullRequestId);
  const result = await mergePull(github, {
    owner: job.owner,
    repo: job.repo,
    number: job.number,
    sha: job.sha,
    method: job.method,
    ...(job.commitMessage ? { commitMessage: job.commitMessage } : {}),
  });
  switch (result.kind) {
    case "merged":
      log.info({ pull, sha: result.sha, alreadyMerged: result.alreadyMerged }, "merged");
      deps.observer.merged?.({
        repo: `${job.owner}/${job.repo}`,
        number: job.number,
        sha: result.sha,
        ...(job.commitMessage ? { forced: job.commitMessage } : {}),
        at: settings.now().toISOString(),
      });
      return;
    case "head-moved":
    case "rate-limited":
    case "unknown":
      return followUp(deps, job, result, "merge");
    case "refused": {
      if (await alreadyMerged(deps, job)) return;
      log.warn({ pull, status: result.status }, `GitHub refused the merge: ${result.message}`);
      await reportRefusal(
        deps,
        job,
        `GitHub answered ${result.status}: "${result.message}".`,
        refusalAdvice(result.status),
      );
      return;
    }
  }
}

/**
 * The base branch requires a merge queue: hand the evaluated head to it. The
 * queue merges it once the required checks pass on its temporary commit, where
 * c4bot reports C4 too (\`group.check\`).
 */
async function enqueueEvaluated(deps: JobDeps, job: MergePayload, pullRequestId: string) {
  const { github, log } = deps;
  const pull = `${job.owner}/${job.repo}#${job.number}`;
  const result = await enqueuePull(github, { pullRequestId, expectedHeadOid: job.sha });
  switch (result.kind) {
    case "queued":
      log.info({ pull, position: result.position }, "in the merge queue");
      return;
    case "head-moved":
    case "rate-limited":
    case "unknown":
      return followUp(deps, job, result, "enqueue");
    case "refused":
      if (await alreadyMerged(deps, job)) return;
      log.warn({ pull }, `GitHub refused to enqueue: ${result.message}`);
      await reportRefusal(
        deps,
        job,
        `GitHub refused to add it to the merge queue: "${result.message}".`,
        "A maintainer can look at the pull request and add it to the queue by hand.",
      );
      return;
  }
}

type Unsettled =
  | { kind: "head-moved" }
  | { kind: "rate-limited"; delayMs: number }
  | { kind: "unknown"; message: string; status?: number | undefined };

/** A merge or an enqueue that did not happen, or may have: what to do next. */
async function followUp(deps: JobDeps, job: MergePayload, result: Unsettled, what: string) {
  const pull = `${job.owner}/${job.repo}#${job.number}`;
  switch (result.kind) {
    case "head-moved":
      deps.log.info({ pull }, "head moved since evaluation: evaluating the new head");
      await deps.context.enqueue(evaluateJob(job));
      return;
    case "rate-limited":
      throw new RetryLaterError(result.delayMs, `rate limited on ${what}`);
    case "unknown": {
      // Said where people wait (issue 21): the check run, one log line, the dashboard.
      const { settings } = deps;
      const retryAt = new Date(settings.now().getTime() + settings.unknownMergeRecheckMs);
      const text = `${what} failed: GitHub answered ${result.status ?? "nothing (timeout)"}; retrying at ${clockTime(retryAt)}`;
      deps.log.warn({ pull, error: result.message, retryAt: retryAt.toISOString() }, text);
      await deps.context.enqueue(evaluateJob(job), { delayMs: settings.unknownMergeRecheckMs });
      await writeCheckRun(deps.github, checkRunOf(job), {
        title: `Correct patch: ${text}`,
        summary: [
          `c4bot asked GitHub to ${what} this patch and ${text}.`,
          `GitHub's answer: "${markdownText(result.message)}". c4bot reads the pull request again before it tries: nothing lands twice.`,
        ].join("\n\n"),
        conclusion: "success",
      });
      deps.observer.attention?.(
        mergeRetryNotice(job, settings.now(), { text, error: result.message, until: retryAt }),
      );
      return;
    }
  }
}

/** A second merge job of a patch that merged already is refused too: not news. */
async function alreadyMerged(deps: JobDeps, job: MergePayload): Promise<boolean> {
  const { data } = await deps.github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    owner: job.owner,
    repo: job.repo,
    pull_number: job.number,
  });
  return data.merged;
}

async function reportRefusal(deps: JobDeps, job: MergePayload, answer: string, advice: string) {
  await writeCheckRun(deps.github, checkRunOf(job), {
    title: "Correct patch, but GitHub refused to merge it",
    summary: [
      answer,
      advice,
      "c4bot tries again on the next change to the pull request, or on `/c4 recheck`.",
    ].join("\n\n"),
    conclusion: "success",
  });
}

function refusalAdvice(status: number): string {
  if (status === 405) {
    return "Usually a branch protection rule (required reviews or checks the bot cannot satisfy) or a merge method the repository does not allow. Under C4, branch protection should not gate a correct patch (2.4.14); or set `merge.method` in `.github/c4.yml` to one the repository allows.";
  }
  if (status === 403)
    return "The app may lack the `contents: write` permission on this repository.";
  return "A maintainer can look at the pull request and merge it by hand.";
}

/** The `C4` check run of the evaluated head: one update per merge attempt. */
function checkRunOf(job: MergePayload) {
  return {
    owner: job.owner,
    repo: job.repo,
    headSha: job.sha,
    name: C4_CHECK_NAME,
    id: job.checkRunId,
  };
}
