import type { GitHubClient } from "./client.ts";
import type { RequestBudget, Walked } from "./request-budget.ts";

export interface IssueComment {
  id: number;
  author: string;
  authorType: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** Every comment of an issue or pull request, 100 per request, within the budget. */
export async function listIssueComments(
  github: GitHubClient,
  target: { owner: string; repo: string; number: number },
  budget: RequestBudget,
): Promise<Walked<IssueComment>> {
  const items: IssueComment[] = [];
  for (let page = 1; ; page++) {
    if (!budget.take()) return { items, complete: false };
    const { data } = await github.request(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { owner: target.owner, repo: target.repo, issue_number: target.number, per_page: 100, page },
    );
    for (const comment of data) {
      items.push({
        id: Number(comment.id),
        author: comment.user?.login ?? "ghost",
        authorType: comment.user?.type ?? "User",
        body: comment.body ?? "",
        createdAt: comment.created_at,
        updatedAt: comment.updated_at,
      });
    }
    if (data.length < 100) return { items, complete: true };
  }
}
