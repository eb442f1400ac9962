import { C4_CHECK_NAME } from "../c4/index.ts";
import { RetryLaterError } from "../core/job.ts";
import { type CheckRunReport, writeCheckRun } from "../github/check-run.ts";
import { mergePull } from "../github/merge-pull.ts";
import { evaluateJob, type MergePayload } from "./app-jobs.ts";
import { clockTime } from "./clock-time.ts";
import type { JobDeps } from "./job-kind.ts";
import { mergeRetryNotice } from "./merge-retry-notice.ts";

/** `pull.merge`: merges one evaluated head with the `sha` guard. */
export async function mergeEvaluated(deps: JobDeps, job: MergePayload): Promise<void> {
  const { github, log, settings, context } = deps;
  const pull = `${job.owner}/${job.repo}#${job.number}`;
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
      log.info({ pull }, "head moved since evaluation: evaluating the new head");
      await context.enqueue(evaluateJob(job));
      return;
    case "rate-limited":
      throw new RetryLaterError(result.delayMs, "rate limited on merge");
    case "unknown": {
      // Said where people wait (issue 21): the check run, one log line, the dashboard.
      const retryAt = new Date(settings.now().getTime() + settings.unknownMergeRecheckMs);
      const text = `merge failed: GitHub answered ${result.status ?? "nothing (timeout)"}; retrying at ${clockTime(retryAt)}`;
      log.warn({ pull, error: result.message, retryAt: retryAt.toISOString() }, text);
      await context.enqueue(evaluateJob(job), { delayMs: settings.unknownMergeRecheckMs });
      await updateCheckRun(deps, job, {
        title: `Correct patch: ${text}`,
        summary: [
          `c4bot asked GitHub to merge this patch and ${text}.`,
          `GitHub's answer: "${result.message}". c4bot read the pull request again: it is not merged, so nothing landed twice.`,
        ].join("\n\n"),
        conclusion: "success",
      });
      deps.observer.attention?.(
        mergeRetryNotice(job, settings.now(), { text, error: result.message, until: retryAt }),
      );
      return;
    }
    case "refused": {
      // A second merge job of a patch that merged already is refused too: not news.
      const { data } = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
        owner: job.owner,
        repo: job.repo,
        pull_number: job.number,
      });
      if (data.merged) return;
      log.warn({ pull, status: result.status }, `GitHub refused the merge: ${result.message}`);
      await updateCheckRun(deps, job, {
        title: "Correct patch, but GitHub refused to merge it",
        summary: [
          `GitHub answered ${result.status}: "${result.message}".`,
          refusalAdvice(result.status),
          "c4bot tries again on the next change to the pull request, or on `/c4 recheck`.",
        ].join("\n\n"),
        conclusion: "success",
      });
      return;
    }
  }
}

/** Rewrites the `C4` check run of the evaluated head: one update per merge attempt. */
async function updateCheckRun(deps: JobDeps, job: MergePayload, report: CheckRunReport) {
  const target = {
    owner: job.owner,
    repo: job.repo,
    headSha: job.sha,
    name: C4_CHECK_NAME,
    id: job.checkRunId,
  };
  await writeCheckRun(deps.github, target, report);
}

function refusalAdvice(status: number): string {
  if (status === 405) {
    return "Usually a branch protection rule (required reviews or checks the bot cannot satisfy) or a merge method the repository does not allow. Under C4, branch protection should not gate a correct patch (2.4.14); or set `merge.method` in `.github/c4.yml` to one the repository allows.";
  }
  if (status === 403)
    return "The app may lack the `contents: write` permission on this repository.";
  return "A maintainer can look at the pull request and merge it by hand.";
}
