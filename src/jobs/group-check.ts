import { C4_CHECK_NAME, evaluate, headline } from "../c4/index.ts";
import { writeCheckRun } from "../github/check-run.ts";
import { readSnapshot } from "../github/read-snapshot.ts";
import type { GroupCheckPayload } from "./app-jobs.ts";
import { configForPull } from "./config-for-pull.ts";
import type { JobDeps } from "./job-kind.ts";

/**
 * `group.check`: a merge queue tests its temporary commit and waits for every
 * required check on it, C4 included, or it waits forever (issue 20). C4 there
 * is the verdict of the pull requests in the group: success when each is a
 * correct patch still, failure otherwise (the queue then drops the group).
 */
export async function checkMergeGroup(deps: JobDeps, job: GroupCheckPayload): Promise<void> {
  const { github, settings } = deps;
  const now = settings.now().toISOString();
  const lines: string[] = [];
  let correct = true;
  for (const number of job.numbers) {
    const read = await readSnapshot(github, { owner: job.owner, repo: job.repo, number }, now);
    const resolved = configForPull(read, job.owner);
    if (!read.snapshot || read.state !== "OPEN" || !resolved.ok) {
      correct = false;
      lines.push(`- #${number}: ${!resolved.ok ? "the configuration is invalid" : "not open"}`);
      continue;
    }
    const rules = await deps.branchRules.read(github, {
      owner: job.owner,
      repo: job.repo,
      branch: read.snapshot.base.ref,
    });
    const ci = read.snapshot.ci ?? { workflows: [], requiredChecks: [], recentPullChecks: false };
    const snapshot = { ...read.snapshot, ci: { ...ci, requiredChecks: rules.requiredChecks } };
    const verdict = evaluate(snapshot, resolved.config);
    if (!verdict.correct) correct = false;
    lines.push(`- #${number}: ${headline(verdict)}`);
  }
  await writeCheckRun(
    github,
    { owner: job.owner, repo: job.repo, headSha: job.sha, name: C4_CHECK_NAME, id: null },
    {
      title: correct
        ? "Correct patches: the merge queue may merge them"
        : "Not a correct patch any more: the merge queue should drop it",
      summary: [
        "The merge queue's temporary commit, judged by the pull requests in it (C4 2.3.8):",
        lines.join("\n"),
      ].join("\n\n"),
      conclusion: correct ? "success" : "failure",
    },
  );
}
