import type { GitHubClient } from "./client.ts";
import { describeError, rateLimitDelayMs } from "./errors.ts";

export interface EnqueueRequest {
  /** The pull request's node id. */
  pullRequestId: string;
  /** The head that was evaluated: GitHub refuses the enqueue if the head moved since. */
  expectedHeadOid: string;
}

export type EnqueueResult =
  | { kind: "queued"; position: number | null }
  | { kind: "head-moved"; message: string }
  | { kind: "refused"; message: string }
  | { kind: "rate-limited"; delayMs: number }
  | { kind: "unknown"; message: string };

/**
 * `enqueuePullRequest`: where the base branch requires a merge queue, the
 * REST merge answers 405 and a patch goes in through the queue, guarded by
 * `expectedHeadOid` as the REST merge is by `sha`.
 * https://docs.github.com/en/graphql/reference/mutations#enqueuepullrequest
 */
export const enqueueMutation = /* GraphQL */ `
  mutation C4Enqueue($pullRequestId: ID!, $expectedHeadOid: GitObjectID!) {
    enqueuePullRequest(input: { pullRequestId: $pullRequestId, expectedHeadOid: $expectedHeadOid }) {
      mergeQueueEntry { id position state }
    }
  }
`;

export async function enqueuePull(
  github: GitHubClient,
  request: EnqueueRequest,
): Promise<EnqueueResult> {
  try {
    const data = await github.graphql<{
      enqueuePullRequest: { mergeQueueEntry: { position: number } | null } | null;
    }>(enqueueMutation, { ...request, request: { retries: 0 } });
    return { kind: "queued", position: data.enqueuePullRequest?.mergeQueueEntry?.position ?? null };
  } catch (error) {
    const delayMs = rateLimitDelayMs(error);
    if (delayMs !== null) return { kind: "rate-limited", delayMs };
    const errors = (error as { errors?: { type?: string; message?: string }[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const message = errors.map((entry) => entry.message ?? "").join("; ");
      if (/head sha|expected head/i.test(message)) return { kind: "head-moved", message };
      return { kind: "refused", message };
    }
    return { kind: "unknown", message: describeError(error) };
  }
}
