import type { GitHubClient } from "./client.ts";
import { PAGE_SIZE, type RequestBudget, type Walked, walkPages } from "./request-budget.ts";

export interface HistoryCommit {
  sha: string;
  message: string;
  /** The GitHub account of the commit's author, when GitHub links one. */
  author: string | null;
}

type Repo = { owner: string; repo: string };

/** How `head` relates to `base` (`ahead`: base is an ancestor of head). One request. */
export async function compareStatus(
  github: GitHubClient,
  repo: Repo,
  base: string,
  head: string,
): Promise<"ahead" | "behind" | "identical" | "diverged"> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
    owner: repo.owner,
    repo: repo.repo,
    basehead: `${base}...${head}`,
    per_page: 1,
  });
  return data.status;
}

/** The commits in `head` and not in `base` (`git log base..head`), 100 per page, within the budget. */
export async function commitsBetween(
  github: GitHubClient,
  repo: Repo,
  base: string,
  head: string,
  budget: RequestBudget,
): Promise<Walked<HistoryCommit>> {
  return walkPages(budget, async (page) => {
    const { data } = await github.request("GET /repos/{owner}/{repo}/compare/{basehead}", {
      owner: repo.owner,
      repo: repo.repo,
      basehead: `${base}...${head}`,
      per_page: PAGE_SIZE,
      page,
    });
    return data.commits.map(toHistoryCommit);
  });
}

/** Every commit reachable from `ref` (for a first release), 100 per page, within the budget. */
export async function commitsUpTo(
  github: GitHubClient,
  repo: Repo,
  ref: string,
  budget: RequestBudget,
): Promise<Walked<HistoryCommit>> {
  return walkPages(budget, async (page) => {
    const { data } = await github.request("GET /repos/{owner}/{repo}/commits", {
      owner: repo.owner,
      repo: repo.repo,
      sha: ref,
      per_page: PAGE_SIZE,
      page,
    });
    return data.map(toHistoryCommit);
  });
}

/** A commit of a REST list as plain data. */
function toHistoryCommit(commit: {
  sha: string;
  commit: { message: string };
  author: { login?: string } | null;
}): HistoryCommit {
  return { sha: commit.sha, message: commit.commit.message, author: commit.author?.login ?? null };
}

/** The pull requests a commit belongs to (as a patch commit or a merge commit). One request. */
export async function pullsOfCommit(
  github: GitHubClient,
  repo: Repo,
  sha: string,
): Promise<number[]> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", {
    owner: repo.owner,
    repo: repo.repo,
    commit_sha: sha,
    per_page: 100,
  });
  return data.map((pull) => pull.number);
}
