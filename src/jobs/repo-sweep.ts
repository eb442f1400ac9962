import { listOpenPulls } from "../github/list-open-pulls.ts";
import { evaluateJob, type SweepPayload } from "./app-jobs.ts";
import { inputsFingerprint } from "./evaluation-inputs.ts";
import type { JobDeps } from "./job-kind.ts";

/**
 * `repo.sweep`: evaluates the open pull requests of a repository again. A
 * full sweep (the reconciler's, a push to the default branch) skips every
 * pull request whose settled verdict was made from the inputs it still has
 * (`external_id` of its `C4` run), so a sweep that finds nothing new writes
 * nothing and costs one query per 100 pull requests; the evaluations it
 * does queue are background work. A sweep for one head or one issue is an
 * event's: it evaluates what it names.
 */
export async function sweepRepo(deps: JobDeps, job: SweepPayload): Promise<void> {
  const full = job.sha === undefined && job.issue === undefined;
  const open = await listOpenPulls(deps.github, job, deps.settings.appId);
  for (const pull of open.pulls) {
    if (job.sha && pull.headSha !== job.sha) continue;
    if (job.issue !== undefined && !pull.closes.includes(job.issue)) continue;
    if (
      full &&
      pull.c4ExternalId ===
        inputsFingerprint({
          headSha: pull.headSha,
          updatedAt: pull.updatedAt,
          configOids: open.configOids,
        })
    ) {
      continue;
    }
    // A full sweep's evaluations run only while a worker slot stays free for
    // a webhook's job (the core's background priority), and their requests
    // wait behind a webhook's (the request scheduler).
    await deps.context.enqueue(
      evaluateJob({
        installationId: job.installationId,
        owner: job.owner,
        repo: job.repo,
        number: pull.number,
        ...(full ? { background: true as const } : {}),
      }),
      full ? { priority: "background" } : {},
    );
  }
}
