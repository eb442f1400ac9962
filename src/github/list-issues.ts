import type { GitHubClient } from "./client.ts";
import { PAGE_SIZE, type RequestBudget, type Walked, walkPages } from "./request-budget.ts";

/** An issue or pull request as the issues list gives it, as plain data. */
export interface IssueItem {
  number: number;
  title: string;
  body: string;
  author: string;
  authorType: string;
  isPull: boolean;
  labels: string[];
  createdAt: string;
  updatedAt: string;
}

/**
 * `GET /repos/{owner}/{repo}/issues` page by page (100 each): the list holds
 * pull requests too, flagged `isPull`. Stops at the budget.
 */
export async function listIssues(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  filter: { state?: "open" | "closed" | "all"; creator?: string; labels?: string },
  budget: RequestBudget,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<Walked<IssueItem>> {
  return walkPages(
    budget,
    async (page) => {
      const { data } = await github.request("GET /repos/{owner}/{repo}/issues", {
        owner: repo.owner,
        repo: repo.repo,
        state: filter.state ?? "open",
        ...(filter.creator ? { creator: filter.creator } : {}),
        ...(filter.labels ? { labels: filter.labels } : {}),
        per_page: PAGE_SIZE,
        page,
      });
      return data.map(toIssueItem);
    },
    maxItems,
  );
}

/** One issue as plain data, with its state. */
export async function getIssue(
  github: GitHubClient,
  target: { owner: string; repo: string; number: number },
): Promise<IssueItem & { state: "open" | "closed" }> {
  const { data: issue } = await github.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
  });
  return { ...toIssueItem(issue), state: issue.state === "closed" ? "closed" : "open" };
}

/** The fields of GitHub's issue object that IssueItem reads (list and single alike). */
interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  user: { login: string; type: string } | null;
  pull_request?: unknown;
  labels: (string | { name?: string })[];
  created_at: string;
  updated_at: string;
}

function toIssueItem(issue: GitHubIssue): IssueItem {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    author: issue.user?.login ?? "ghost",
    authorType: issue.user?.type ?? "User",
    isPull: issue.pull_request !== undefined && issue.pull_request !== null,
    labels: issue.labels.map((label) => (typeof label === "string" ? label : (label.name ?? ""))),
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
  };
}
