/** Reading GitHub's errors: what they mean for what the bot does next. */

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
  message?: string;
}

/**
 * How long GitHub asks us to wait, in milliseconds, or null when the error is
 * not a rate limit. Secondary rate limits answer 403 or 429 with
 * `retry-after`; the primary one answers 403/429 with `x-ratelimit-remaining: 0`
 * and a reset time.
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 */
export function rateLimitDelayMs(error: unknown, now = Date.now()): number | null {
  const { status, response } = (error ?? {}) as HttpError;
  if (status !== 403 && status !== 429) return null;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return Math.max(1000, retryAfter * 1000);
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    if (Number.isFinite(reset)) return Math.max(1000, reset - now);
  }
  // GitHub's advice when a secondary limit gives no header: wait at least a minute.
  if (/secondary rate limit/i.test(String((error as HttpError).message))) return 60_000;
  return null;
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
