import { describe, expect, it } from "vitest";
import { describeError, rateLimitDelayMs, statusOf } from "../../src/github/errors.ts";
import { RateLimitWaitError } from "../../src/github/rate-limit-wait-error.ts";

const httpError = (status: number, headers: Record<string, string> = {}, message = "x") =>
  Object.assign(new Error(message), { status, response: { headers } });

describe("rateLimitDelayMs", () => {
  const now = 1_700_000_000_000;
  it.each([
    ["a secondary limit's retry-after", httpError(403, { "retry-after": "30" }), 30_000],
    ["a 429 with retry-after 0: at least a second", httpError(429, { "retry-after": "0" }), 1000],
    [
      "the primary limit's reset time",
      httpError(403, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(now / 1000 + 90),
      }),
      90_000,
    ],
    [
      "a secondary limit without headers: a minute",
      httpError(403, {}, "You have exceeded a secondary rate limit"),
      60_000,
    ],
    [
      "a plain 403 (no permission)",
      httpError(403, {}, "Resource not accessible by integration"),
      null,
    ],
    [
      "a retry-after of nonsense: GitHub's advised minute",
      httpError(429, { "retry-after": "soon" }),
      60_000,
    ],
    [
      "a retry-after of a year: at most 65 minutes",
      httpError(403, { "retry-after": "31536000" }),
      3_900_000,
    ],
    [
      "GraphQL's RATE_LIMITED error, with the reset header",
      Object.assign(new Error("API rate limit exceeded"), {
        errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded" }],
        headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 30) },
      }),
      30_000,
    ],
    ["c4bot's own wait", new RateLimitWaitError(12_000, "80 writes a minute", "5"), 12_000],
    ["a 500", httpError(500, { "retry-after": "5" }), null],
    ["a network error", new Error("ECONNRESET"), null],
  ])("%s", (_name, error, expected) => {
    expect(rateLimitDelayMs(error, now)).toBe(expected);
  });
});

describe("statusOf and describeError", () => {
  it("read Octokit errors and others", () => {
    expect(statusOf(httpError(502))).toBe(502);
    expect(statusOf(new Error("timeout"))).toBeUndefined();
    expect(describeError(httpError(405, {}, "Pull Request is not mergeable"))).toBe(
      "405 Pull Request is not mergeable",
    );
    expect(describeError("plain")).toBe("plain");
  });
});
