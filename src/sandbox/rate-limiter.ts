import {
  applyLimitsPatch,
  defaultRateLimits,
  hourMs,
  type LimitName,
  type LimitsPatch,
  minuteMs,
  type RateLimits,
} from "./rate-limit-config.ts";
import { SlidingWindow } from "./sliding-window.ts";

/** The primary budget a request counts against, as `x-ratelimit-resource` names it. */
export type Resource = "core" | "graphql";

/** What one request costs. */
export interface Charge {
  resource: Resource;
  /** Against the hourly primary budget: 1 for REST, the query's cost for GraphQL. */
  primaryPoints: number;
  /** Against the per-minute secondary points of the endpoint. */
  secondaryPoints: number;
  contentCreating: boolean;
}

export type Admission =
  | { ok: true; release: () => void }
  /** `retryAfter` in whole seconds for secondary limits; null for the primary one (see reset). */
  | { ok: false; limit: LimitName; retryAfter: number | null };

export interface PrimaryStatus {
  limit: number;
  used: number;
  remaining: number;
  /** When the window resets, in UTC epoch seconds (`x-ratelimit-reset`). */
  reset: number;
}

/** A fixed hourly window: it opens with the first request and closes an hour later. */
interface PrimaryWindow {
  start: number | null;
  used: number;
}

const hitNames: LimitName[] = [
  "primary",
  "concurrent",
  "restPointsPerMinute",
  "graphqlPointsPerMinute",
  "contentPerMinute",
  "contentPerHour",
];

class InstallationState {
  readonly primary: Record<Resource, PrimaryWindow> = {
    core: { start: null, used: 0 },
    graphql: { start: null, used: 0 },
  };
  readonly restPoints = new SlidingWindow(minuteMs);
  readonly graphqlPoints = new SlidingWindow(minuteMs);
  readonly contentMinute = new SlidingWindow(minuteMs);
  readonly contentHour = new SlidingWindow(hourMs);
  concurrent = 0;
  readonly totals = { requests: 0, contentCreating: 0, restPoints: 0, graphqlPoints: 0 };
  readonly hits = Object.fromEntries(hitNames.map((name) => [name, 0])) as Record<
    LimitName,
    number
  >;

  /** The window in force at `now`, opened afresh once the last one has closed. */
  window(resource: Resource, now: number): PrimaryWindow {
    const window = this.primary[resource];
    if (window.start === null || now >= window.start + hourMs) {
      window.start = now;
      window.used = 0;
    }
    return window;
  }
}

/**
 * GitHub's rate limits per installation token: the hourly primary budgets and
 * the secondary limits (concurrency, points a minute, content creation). App
 * JWT and anonymous requests are never charged. Time comes from `now` so
 * tests move it instead of sleeping.
 */
export class RateLimiter {
  readonly #now: () => number;
  #limits: RateLimits = structuredClone(defaultRateLimits);
  readonly #installations = new Map<number, InstallationState>();

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  get limits(): RateLimits {
    return structuredClone(this.#limits);
  }

  /** Changes some limits; `reset: true` also forgets every count and window. */
  update(patch: LimitsPatch): void {
    this.#limits = applyLimitsPatch(this.#limits, patch);
    if (patch.reset) this.#installations.clear();
  }

  /** Charges a request, or says which limit refuses it and when to come back. */
  admit(installationId: number, charge: Charge): Admission {
    const now = this.#now();
    const state = this.#state(installationId);
    const refusal = this.#enforced(state, charge, now);
    if (refusal) {
      state.hits[refusal.limit] += 1;
      return { ok: false, ...refusal };
    }
    state.window(charge.resource, now).used += charge.primaryPoints;
    const points = charge.resource === "core" ? state.restPoints : state.graphqlPoints;
    points.add(now, charge.secondaryPoints);
    state.totals.requests += 1;
    state.totals[charge.resource === "core" ? "restPoints" : "graphqlPoints"] +=
      charge.secondaryPoints;
    if (charge.contentCreating) {
      state.contentMinute.add(now, 1);
      state.contentHour.add(now, 1);
      state.totals.contentCreating += 1;
    }
    state.concurrent += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.concurrent -= 1;
      },
    };
  }

  /** The primary budget of `resource` as the headers and `rateLimit` report it. */
  status(installationId: number, resource: Resource): PrimaryStatus {
    const now = this.#now();
    const window = this.#state(installationId).primary[resource];
    const open = window.start !== null && now < window.start + hourMs;
    const limit = this.#limits.primary[resource];
    const used = open ? window.used : 0;
    const resetMs = (open && window.start !== null ? window.start : now) + hourMs;
    return {
      limit,
      used,
      remaining: Math.max(limit - used, 0),
      // Rounded up: a client that waits until this second finds the window closed.
      reset: Math.ceil(resetMs / 1000),
    };
  }

  /**
   * docs.github.com, "Rate limits for the REST API", "Checking the status of your
   * rate limit": `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` ("in UTC
   * epoch seconds") and `-resource` ("For GraphQL requests, this will always be
   * `graphql`", per the GraphQL page).
   */
  headers(installationId: number, resource: Resource): Record<string, string> {
    const status = this.status(installationId, resource);
    return {
      "x-ratelimit-limit": String(status.limit),
      "x-ratelimit-remaining": String(status.remaining),
      "x-ratelimit-used": String(status.used),
      "x-ratelimit-reset": String(status.reset),
      "x-ratelimit-resource": resource,
    };
  }

  /** `GET /_sandbox/limits`: the limits and every installation's counts. */
  snapshot() {
    const now = this.#now();
    const installations = Object.fromEntries(
      [...this.#installations.entries()].map(([id, state]) => [
        String(id),
        {
          ...state.totals,
          concurrent: state.concurrent,
          lastMinute: {
            restPoints: state.restPoints.total(now),
            graphqlPoints: state.graphqlPoints.total(now),
            contentCreating: state.contentMinute.total(now),
          },
          lastHour: { contentCreating: state.contentHour.total(now) },
          primary: { core: this.status(id, "core"), graphql: this.status(id, "graphql") },
          hits: { ...state.hits },
        },
      ]),
    );
    return { limits: this.limits, installations };
  }

  #state(installationId: number): InstallationState {
    let state = this.#installations.get(installationId);
    if (!state) {
      state = new InstallationState();
      this.#installations.set(installationId, state);
    }
    return state;
  }

  /** The first limit that refuses the request, checked primary first, or null. */
  #enforced(
    state: InstallationState,
    charge: Charge,
    now: number,
  ): { limit: LimitName; retryAfter: number | null } | null {
    const { enabled, primary, secondary } = this.#limits;
    if (!enabled) return null;
    const window = state.window(charge.resource, now);
    if (window.used + charge.primaryPoints > primary[charge.resource])
      return { limit: "primary", retryAfter: null };
    // Nothing to wait for but a request in flight to finish: the minimum, a second.
    if (state.concurrent + 1 > secondary.concurrent) return { limit: "concurrent", retryAfter: 1 };
    const [pointsLimit, points] =
      charge.resource === "core"
        ? (["restPointsPerMinute", state.restPoints] as const)
        : (["graphqlPointsPerMinute", state.graphqlPoints] as const);
    const checks: [LimitName, SlidingWindow, number, number][] = [
      [pointsLimit, points, charge.secondaryPoints, secondary[pointsLimit]],
    ];
    if (charge.contentCreating) {
      checks.push(["contentPerMinute", state.contentMinute, 1, secondary.contentPerMinute]);
      checks.push(["contentPerHour", state.contentHour, 1, secondary.contentPerHour]);
    }
    for (const [limit, window, weight, cap] of checks) {
      const at = window.admitsAt(now, weight, cap);
      if (at > now) return { limit, retryAfter: Math.max(1, Math.ceil((at - now) / 1000)) };
    }
    return null;
  }
}

/**
 * Runs a request's handling; what it holds (its place in the concurrency
 * count, given by `admit`) is released once it has answered, whatever happens.
 */
export async function inFlight<T>(
  serve: (hold: (release: () => void) => void) => Promise<T>,
): Promise<T> {
  let release = () => {};
  try {
    return await serve((done) => {
      release = done;
    });
  } finally {
    release();
  }
}
