import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";

/** The installation every benchmark delivery names (jobs need one). */
export const BENCH_INSTALLATION_ID = 1;

/** The size the issue measures ingest at: a large but ordinary pull_request payload. */
export const DELIVERY_BYTES = 25 * 1024;

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * A `pull_request.opened` delivery from GitHub's published examples
 * (@octokit/webhooks-examples, a dev dependency: loaded only when a benchmark
 * runs), padded through the PR body to `bytes`, and signed with `secret` as
 * GitHub signs it (X-Hub-Signature-256: HMAC-SHA256 of the exact bytes).
 */
export function signedPullRequestDelivery(secret: string, bytes = DELIVERY_BYTES): SignedDelivery {
  const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
    name: string;
    examples: { action?: string }[];
  }[];
  const opened = examples
    .find((entry) => entry.name === "pull_request")
    ?.examples.find((payload) => payload.action === "opened");
  if (!opened) throw new Error("[c4bot] bench: no pull_request.opened example");
  const payload = structuredClone(opened) as Record<string, unknown> & {
    pull_request: { body: string | null };
  };
  payload.installation = {
    id: BENCH_INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==",
  };
  payload.pull_request.body = "";
  const bare = Buffer.byteLength(JSON.stringify(payload));
  payload.pull_request.body = "Problem: the bench needs a realistic payload. "
    .repeat(Math.max(0, Math.ceil((bytes - bare) / 46)))
    .slice(0, Math.max(0, bytes - bare));
  const body = JSON.stringify(payload);
  const signature = createHmac("sha256", secret).update(body).digest("hex");
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": `sha256=${signature}`,
      "user-agent": "GitHub-Hookshot/c4bot-bench",
    },
  };
}
