import type { GitHubClient } from "./client.ts";
import { statusOf } from "./errors.ts";

type Target = { owner: string; repo: string; number: number };

/** Adds labels to an issue; GitHub creates a label that does not exist yet. */
export async function addLabels(github: GitHubClient, target: Target, labels: string[]) {
  await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    labels,
  });
}

/** Removes a label; one already gone (404) is what we wanted. */
export async function removeLabel(github: GitHubClient, target: Target, name: string) {
  try {
    await github.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.number,
      name,
    });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

export async function createIssue(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  issue: { title: string; body: string; labels: string[] },
): Promise<number> {
  const { data } = await github.request("POST /repos/{owner}/{repo}/issues", {
    owner: repo.owner,
    repo: repo.repo,
    ...issue,
  });
  return data.number;
}

export async function updateIssue(
  github: GitHubClient,
  target: Target,
  patch: { body?: string; state?: "open" | "closed"; state_reason?: "completed" | "not_planned" },
) {
  await github.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    ...patch,
  });
}
