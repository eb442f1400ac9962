import type { GitHubClient } from "./client.ts";
import { PAGE_SIZE, type RequestBudget, type Walked, walkPages } from "./request-budget.ts";

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
  return walkPages(budget, async (page) => {
    const { data } = await github.request(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.number,
        per_page: PAGE_SIZE,
        page,
      },
    );
    return data.map((comment) => ({
      id: Number(comment.id),
      author: comment.user?.login ?? "ghost",
      authorType: comment.user?.type ?? "User",
      body: comment.body ?? "",
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
    }));
  });
}
