import type { GitHubClient } from "./client.ts";
import type { RequestBudget } from "./request-budget.ts";

export interface ReleaseInfo {
  id: number;
  tag: string;
  body: string;
  draft: boolean;
  createdAt: string;
}

type Repo = { owner: string; repo: string };

export async function getRelease(
  github: GitHubClient,
  repo: Repo,
  id: number,
): Promise<ReleaseInfo> {
  const { data } = await github.request("GET /repos/{owner}/{repo}/releases/{release_id}", {
    owner: repo.owner,
    repo: repo.repo,
    release_id: id,
  });
  return {
    id: data.id,
    tag: data.tag_name,
    body: data.body ?? "",
    draft: data.draft,
    createdAt: data.created_at,
  };
}

/** The newest releases first (one page of 100: enough to find the previous one). */
export async function listReleases(
  github: GitHubClient,
  repo: Repo,
  budget: RequestBudget,
): Promise<ReleaseInfo[]> {
  if (!budget.take()) return [];
  const { data } = await github.request("GET /repos/{owner}/{repo}/releases", {
    owner: repo.owner,
    repo: repo.repo,
    per_page: 100,
  });
  return data.map((release) => ({
    id: release.id,
    tag: release.tag_name,
    body: release.body ?? "",
    draft: release.draft,
    createdAt: release.created_at,
  }));
}

export async function updateReleaseBody(
  github: GitHubClient,
  repo: Repo,
  id: number,
  body: string,
) {
  await github.request("PATCH /repos/{owner}/{repo}/releases/{release_id}", {
    owner: repo.owner,
    repo: repo.repo,
    release_id: id,
    body,
  });
}

/** Tag names, as GitHub lists them (newest first); one page of 100. */
export async function listTags(
  github: GitHubClient,
  repo: Repo,
  budget: RequestBudget,
): Promise<string[]> {
  if (!budget.take()) return [];
  const { data } = await github.request("GET /repos/{owner}/{repo}/tags", {
    owner: repo.owner,
    repo: repo.repo,
    per_page: 100,
  });
  return data.map((tag) => tag.name);
}
