import type { GitHubClient } from "./client.ts";
import { createIssue, updateIssue } from "./issue-writes.ts";
import { listIssues } from "./list-issues.ts";
import type { RequestBudget } from "./request-budget.ts";

type Repo = { owner: string; repo: string };

/**
 * The one open issue c4bot keeps for a purpose (the process report, the
 * maintainer suggestions): found by its label and the hidden marker in its
 * body, so a person's issue with the same label is never taken for it.
 */
export async function findTrackingIssue(
  github: GitHubClient,
  repo: Repo,
  spec: { label: string; marker: string },
  budget: RequestBudget,
): Promise<{ number: number; body: string } | null> {
  const found = await listIssues(github, repo, { state: "open", labels: spec.label }, budget);
  const issue = found.items
    .filter((item) => !item.isPull && item.body.includes(spec.marker))
    .sort((a, b) => a.number - b.number)[0];
  return issue ? { number: issue.number, body: issue.body } : null;
}

/**
 * Creates the tracking issue or rewrites its body; `render` gets the current
 * body (null when there is no issue yet) and returns the new one, or null
 * when nothing changed. Returns the issue's number, or null when untouched.
 */
export async function upsertTrackingIssue(
  github: GitHubClient,
  repo: Repo,
  spec: { label: string; marker: string; title: string },
  render: (body: string | null) => string | null,
  budget: RequestBudget,
): Promise<number | null> {
  const existing = await findTrackingIssue(github, repo, spec, budget);
  const body = render(existing?.body ?? null);
  if (body === null) return null;
  if (existing) {
    if (body === existing.body) return null;
    await updateIssue(github, { ...repo, number: existing.number }, { body });
    return existing.number;
  }
  return createIssue(github, repo, { title: spec.title, body, labels: [spec.label] });
}
