import type { GitHubClient } from "./client.ts";

/** Adds a comment to an issue or pull request. */
export async function addComment(
  github: GitHubClient,
  target: { owner: string; repo: string; number: number },
  body: string,
): Promise<void> {
  await github.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.number,
    body,
  });
}
