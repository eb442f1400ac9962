import { secondaryRateLimitMessage } from "./fault-injector.ts";
import type { LimitName } from "./rate-limit-config.ts";
import type { RestReply } from "./rest-handlers.ts";

const restLimitsDocs =
  "https://docs.github.com/enterprise-server@3.19/rest/overview/rate-limits-for-the-rest-api";

/** The message of a primary-limit refusal, REST and GraphQL alike. */
export const primaryLimitMessage = (installationId: number) =>
  `API rate limit exceeded for installation ID ${installationId}.`;

/**
 * docs.github.com, "Rate limits for the REST API", "Exceeding the rate limit":
 * "If you exceed a secondary rate limit, you will receive a 403 or 429 response
 * and an error message that indicates that you exceeded a secondary rate
 * limit. If the `retry-after` response header is present, you should not retry
 * your request until after that many seconds has elapsed."
 */
export function secondaryLimitReply(status: number, retryAfter?: number | null): RestReply {
  return {
    status,
    headers: retryAfter == null ? {} : { "retry-after": String(retryAfter) },
    body: {
      message: secondaryRateLimitMessage,
      documentation_url: `${restLimitsDocs}#about-secondary-rate-limits`,
      status: String(status),
    },
  };
}

/**
 * The same page: "If you exceed your primary rate limit, you will receive a
 * `403` or `429` response, and the `x-ratelimit-remaining` header will be `0`."
 * (The headers come with every installation answer.)
 */
function primaryLimitReply(installationId: number): RestReply {
  return {
    status: 403,
    body: {
      message: primaryLimitMessage(installationId),
      documentation_url: `${restLimitsDocs}#exceeding-the-rate-limit`,
      status: "403",
    },
  };
}

/**
 * docs.github.com, "Rate limits and query limits for the GraphQL API",
 * "Exceeding the rate limit": "If you exceed your primary rate limit, the
 * response status will still be `200`, but you will receive an error message".
 * `type: RATE_LIMITED` is what GitHub sends and what @octokit/plugin-throttling
 * looks for.
 */
function graphqlPrimaryLimitReply(installationId: number): RestReply {
  return {
    status: 200,
    body: { errors: [{ type: "RATE_LIMITED", message: primaryLimitMessage(installationId) }] },
  };
}

/** The answer to a request a limit refused, for REST (`core`) or GraphQL. */
export function refusalReply(
  refusal: { limit: LimitName; retryAfter: number | null },
  api: "core" | "graphql",
  installationId: number,
  secondaryStatus: number,
): RestReply {
  if (refusal.limit !== "primary") return secondaryLimitReply(secondaryStatus, refusal.retryAfter);
  return api === "core"
    ? primaryLimitReply(installationId)
    : graphqlPrimaryLimitReply(installationId);
}
