import type { GitHubClient } from "../github/client.ts";
import { commitsBetween, commitsUpTo } from "../github/compare-refs.ts";
import { listPulls } from "../github/list-pulls.ts";
import type { RequestBudget } from "../github/request-budget.ts";
import { type ReleaseNotes, releaseNotes } from "./release-notes.ts";

/**
 * Reads what the release notes need: the commits between two tags (all
 * commits up to `to` when there is no `from`) and the repository's pull
 * requests, within the budget. The CLI and the `release` job share it.
 */
export async function collectReleaseNotes(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  range: { from: string | null; to: string },
  budget: RequestBudget,
): Promise<ReleaseNotes> {
  const commits = range.from
    ? await commitsBetween(github, repo, range.from, range.to, budget)
    : await commitsUpTo(github, repo, range.to, budget);
  const pulls = await listPulls(github, repo, budget);
  return releaseNotes({
    repo: `${repo.owner}/${repo.repo}`,
    from: range.from,
    to: range.to,
    commits: commits.items,
    pulls: pulls.items,
    complete: commits.complete && pulls.complete,
  });
}
