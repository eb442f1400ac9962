/** Reading GitHub's errors: what they mean for what the bot does next. */

import { RateLimitWaitError } from "./rate-limit-wait-error.ts";

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
  message?: string;
}

/** A rate limit GitHub answered with: how long to wait, and which limit it was. */
export interface RateLimitAnswer {
  delayMs: number;
  limit: "primary" | "secondary";
  /** What GitHub said, for one log line: "retry-after 60 s", "reset at 14:00:00Z". */
  detail: string;
}

/** No wait longer than this: a primary window is an hour; a longer ask is nonsense. */
export const longestWaitMs = 65 * 60_000;

/**
 * Reads a rate-limit answer, or null when the error is not one. Secondary
 * rate limits answer 403 or 429 with `retry-after` (or with no header, then
 * "wait at least one minute"); the primary one answers 403/429 with
 * `x-ratelimit-remaining: 0` and a reset time, and GraphQL answers it with
 * 200 and an error of type `RATE_LIMITED`.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 * https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api
 */
export function readRateLimit(error: unknown, now = Date.now()): RateLimitAnswer | null {
  if (error instanceof RateLimitWaitError) {
    return { delayMs: error.delayMs, limit: "secondary", detail: error.reason };
  }
  const failed = (error ?? {}) as HttpError & {
    errors?: { type?: string }[];
    headers?: Record<string, string | number | undefined>;
  };
  const graphqlLimited = failed.errors?.some((entry) => entry?.type === "RATE_LIMITED") === true;
  if (failed.status !== 403 && failed.status !== 429 && !graphqlLimited) return null;
  const headers = failed.response?.headers ?? failed.headers ?? {};
  const bounded = (ms: number) => Math.min(Math.max(1000, ms), longestWaitMs);
  const rawRetryAfter = headers["retry-after"];
  if (rawRetryAfter !== undefined) {
    const retryAfter = Number(rawRetryAfter);
    // `retry-after: 0` still waits a second; nonsense waits GitHub's advised minute.
    const delayMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 60_000;
    return {
      delayMs: bounded(delayMs),
      limit: "secondary",
      detail: `retry-after ${JSON.stringify(String(rawRetryAfter)).slice(0, 40)}`,
    };
  }
  if (String(headers["x-ratelimit-remaining"]) === "0" || graphqlLimited) {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    const delayMs = Number.isFinite(reset) ? reset - now : 60_000;
    return {
      delayMs: bounded(delayMs),
      limit: "primary",
      detail: Number.isFinite(reset) ? `reset at ${new Date(reset).toISOString()}` : "no reset",
    };
  }
  if (/secondary rate limit/i.test(String(failed.message))) {
    return { delayMs: 60_000, limit: "secondary", detail: "no retry-after" };
  }
  return null;
}

/** How long GitHub asks us to wait, in milliseconds, or null when the error is not a rate limit. */
export function rateLimitDelayMs(error: unknown, now = Date.now()): number | null {
  return readRateLimit(error, now)?.delayMs ?? null;
}

/** The HTTP status of an Octokit error, or undefined for network errors and timeouts. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as HttpError | undefined)?.status;
  return typeof status === "number" ? status : undefined;
}

/** A one-line description of an error for logs and check runs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = statusOf(error);
    return status ? `${status} ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * The installation's token was refused because GitHub no longer knows the
 * installation (uninstalled, suspended, or never there): 404, 401 or 403 on
 * `POST /app/installations/{id}/access_tokens`. No retry can help.
 * https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app
 */
export function isInstallationGone(error: unknown): boolean {
  const failed = error as { status?: number; request?: { url?: string } } | null;
  const status = failed?.status;
  if (status !== 404 && status !== 401 && status !== 403) return false;
  return /\/app\/installations\/[^/]+\/access_tokens$/.test(String(failed?.request?.url ?? ""));
}
