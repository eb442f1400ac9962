import { z } from "zod";

/** The limits the simulator enforces per installation; GitHub's published figures by default. */
export interface RateLimits {
  /** Off: no request is refused (answers still carry `x-ratelimit-*`). */
  enabled: boolean;
  primary: {
    /** REST requests an hour (`x-ratelimit-resource: core`). */
    core: number;
    /** GraphQL points an hour (`x-ratelimit-resource: graphql`). */
    graphql: number;
  };
  secondary: {
    /** Requests in flight at once, REST and GraphQL together. */
    concurrent: number;
    restPointsPerMinute: number;
    graphqlPointsPerMinute: number;
    /** Content-creating requests (REST writes, GraphQL mutations). */
    contentPerMinute: number;
    contentPerHour: number;
    /** The status of a secondary-limit refusal: GitHub documents both. */
    status: 403 | 429;
  };
}

/** The names of the limits a request can hit, as counted in `hits`. */
export type LimitName =
  | "primary"
  | "concurrent"
  | "restPointsPerMinute"
  | "graphqlPointsPerMinute"
  | "contentPerMinute"
  | "contentPerHour";

export const defaultRateLimits: RateLimits = {
  enabled: true,
  primary: {
    // docs.github.com, "Rate limits for the REST API": "GitHub Apps authenticating with an
    // installation access token use the installation's minimum rate limit of 5,000 requests per hour."
    core: 5000,
    // docs.github.com, "Rate limits and query limits for the GraphQL API": "For GitHub App
    // installations not on a GitHub Enterprise Cloud organization: 5,000 points per hour per installation."
    graphql: 5000,
  },
  secondary: {
    // docs.github.com, "Rate limits for the REST API" (secondary): "No more than 100 concurrent
    // requests are allowed. This limit is shared across the REST API and GraphQL API."
    concurrent: 100,
    // Same page: "No more than 900 points per minute are allowed for REST API endpoints,
    restPointsPerMinute: 900,
    // and no more than 2,000 points per minute are allowed for the GraphQL API endpoint."
    graphqlPointsPerMinute: 2000,
    // Same page: "no more than 80 content-generating requests per minute
    contentPerMinute: 80,
    // and no more than 500 content-generating requests per hour are allowed."
    contentPerHour: 500,
    // Same page: "you will receive a 403 or 429 response"; 403 is what GitHub has long sent.
    status: 403,
  },
};

export const minuteMs = 60_000;
// Also the primary window: docs.github.com, "Rate limits for the REST API", "Checking the
// status of your rate limit": `x-ratelimit-limit` is "The maximum number of requests that
// you can make per hour".
export const hourMs = 3_600_000;

const count = z.number().int().positive();

/** What `POST /_sandbox/limits` and `setLimits` take: any part of the limits, plus `reset`. */
export const limitsPatchSchema = z
  .object({
    enabled: z.boolean().optional(),
    reset: z.boolean().optional(),
    primary: z.object({ core: count.optional(), graphql: count.optional() }).strict().optional(),
    secondary: z
      .object({
        concurrent: count.optional(),
        restPointsPerMinute: count.optional(),
        graphqlPointsPerMinute: count.optional(),
        contentPerMinute: count.optional(),
        contentPerHour: count.optional(),
        status: z.union([z.literal(403), z.literal(429)]).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type LimitsPatch = z.infer<typeof limitsPatchSchema>;

/** Checks a patch; throws an Error whose message is one line naming the bad field. */
export function parseLimitsPatch(input: unknown): LimitsPatch {
  const result = limitsPatchSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "body";
  throw new Error(`[c4bot sandbox] invalid limits: ${where}: ${issue?.message ?? "invalid"}`);
}

export function applyLimitsPatch(limits: RateLimits, patch: LimitsPatch): RateLimits {
  return {
    enabled: patch.enabled ?? limits.enabled,
    primary: { ...limits.primary, ...defined(patch.primary) },
    secondary: { ...limits.secondary, ...defined(patch.secondary) },
  };
}

/** The given fields only: an explicit `undefined` keeps the current value. */
function defined<T extends object>(part: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(part ?? {}).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
