import { type ContributorReport, contributorReport } from "../../community/contributor-report.ts";
import type { PullRecord } from "../../github/list-pulls.ts";
import type { PullActivity } from "../../history/history-store.ts";

/** How far back the dashboard's contributor figures look. */
export const CONTRIBUTOR_WINDOW_DAYS = 90;

/**
 * The contributor figures of `c4bot report`, per repository, from what the
 * history recorded: the first verdict stands for the opening, the latest
 * head's first verdict for the last push, the latest decision for the `C4`
 * check's conclusion. Who merged is not recorded, so self-merges are left to
 * `c4bot report`.
 */
export function contributorReports(activity: PullActivity[], now: Date): ContributorReport[] {
  const since = new Date(now.getTime() - CONTRIBUTOR_WINDOW_DAYS * 86_400_000);
  const byRepo = new Map<string, PullRecord[]>();
  for (const pull of activity) {
    const records = byRepo.get(pull.repo) ?? [];
    records.push({
      number: pull.number,
      title: pull.title,
      author: pull.author,
      state: pull.mergedAt ? "MERGED" : "OPEN",
      createdAt: pull.firstAt,
      mergedAt: pull.mergedAt,
      mergedBy: null,
      mergeCommit: null,
      commits: [],
      lastCommitAt: pull.lastAt,
      c4: pull.decision === "merge" ? "success" : pull.decision === "reject" ? "failure" : null,
      closes: [],
    });
    byRepo.set(pull.repo, records);
  }
  return [...byRepo].map(([repo, pulls]) => contributorReport({ repo, pulls, since, now }));
}
