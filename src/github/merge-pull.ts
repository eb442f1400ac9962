import type { GitHubClient } from "./client.ts";
import { describeError, rateLimitDelayMs, statusOf } from "./errors.ts";

export interface MergeRequest {
  owner: string;
  repo: string;
  number: number;
  /** The head that was evaluated: GitHub refuses the merge if the head moved since. */
  sha: string;
  method: "merge" | "squash" | "rebase";
  commitTitle?: string;
  commitMessage?: string;
}

export type MergeResult =
  | { kind: "merged"; sha: string | null; alreadyMerged: boolean }
  /** 409: the head moved since it was evaluated; evaluate the new head. */
  | { kind: "head-moved"; message: string }
  /** 405/403/422: GitHub will not merge it (branch protection, conflicts, draft...). */
  | { kind: "refused"; status: number; message: string }
  /** 403/429 with a delay: wait that long, then evaluate again. */
  | { kind: "rate-limited"; delayMs: number }
  /** A 5xx or a timeout, and the re-read shows it is not merged: evaluate again later. */
  | { kind: "unknown"; message: string; status: number | undefined };

/**
 * Merges with the `sha` guard and never retries blindly: after a 5xx or a
 * timeout the merge may have happened anyway, so the pull request is read
 * again and "already merged" counts as success.
 */
export async function mergePull(github: GitHubClient, merge: MergeRequest): Promise<MergeResult> {
  try {
    const response = await github.request("PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge", {
      owner: merge.owner,
      repo: merge.repo,
      pull_number: merge.number,
      sha: merge.sha,
      merge_method: merge.method,
      ...(merge.commitTitle ? { commit_title: merge.commitTitle } : {}),
      ...(merge.commitMessage ? { commit_message: merge.commitMessage } : {}),
      // Probot's retry plugin would repeat a 5xx merge: one merge could land twice.
      request: { retries: 0 },
    });
    return { kind: "merged", sha: response.data.sha ?? null, alreadyMerged: false };
  } catch (error) {
    const status = statusOf(error);
    const delayMs = rateLimitDelayMs(error);
    if (delayMs !== null) return { kind: "rate-limited", delayMs };
    if (status === 409) return { kind: "head-moved", message: describeError(error) };
    if (status !== undefined && status < 500) {
      return { kind: "refused", status, message: messageOf(error) };
    }
    return reread(github, merge, describeError(error), status);
  }
}

async function reread(
  github: GitHubClient,
  merge: MergeRequest,
  cause: string,
  status: number | undefined,
) {
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      owner: merge.owner,
      repo: merge.repo,
      pull_number: merge.number,
    });
    if (data.merged) {
      return {
        kind: "merged",
        sha: data.merge_commit_sha ?? null,
        alreadyMerged: true,
      } satisfies MergeResult;
    }
    return { kind: "unknown", message: cause, status } satisfies MergeResult;
  } catch (error) {
    return {
      kind: "unknown",
      message: `${cause}; re-read failed: ${describeError(error)}`,
      status,
    } satisfies MergeResult;
  }
}

function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: string } } }).response?.data;
  return data?.message ?? describeError(error);
}
