import type { RequestCost } from "./request-cost.ts";
import { SlidingWindow } from "./sliding-window.ts";

/**
 * GitHub's limits per installation that no header announces: the secondary
 * limits (docs.github.com, "Rate limits for the REST API", "About secondary
 * rate limits"). GitHub Enterprise Server lets its administrators change them,
 * hence settable (serve's C4BOT_GITHUB_* variables). The primary limits
 * (5,000 requests an hour, more for large organisations) are learned from
 * each answer's `x-ratelimit-*` headers instead.
 */
export interface BudgetLimits {
  /** "No more than 80 content-generating requests per minute". */
  writesPerMinute: number;
  /** "... and no more than 500 content-generating requests per hour". */
  writesPerHour: number;
  /** "No more than 900 points per minute" for REST (GET 1 point, other methods 5). */
  restPointsPerMinute: number;
  /** "No more than 2,000 points per minute" for GraphQL (a query 1, a mutation 5). */
  graphqlPointsPerMinute: number;
  /**
   * The share of each budget that background work (sweeps) may spend; the
   * rest is kept for work a webhook started, so a fresh pull request never
   * waits for a sweep's spending.
   */
  backgroundShare: number;
}

export const defaultBudgetLimits: BudgetLimits = {
  writesPerMinute: 80,
  writesPerHour: 500,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2000,
  backgroundShare: 0.75,
};

/**
 * `high`: a merge, the payoff of work already done; `normal`: what a webhook
 * caused; `background`: sweeps and periodic walks.
 */
export type RequestPriority = "high" | "normal" | "background";

/**
 * GitHub counts a request when it receives it, c4bot when it sends it: each
 * window is held this much longer than GitHub's, so a write sent just as a
 * slot frees is not received just before it (measured: a few refusals in a
 * burst of 400 writes without it).
 */
const WINDOW_MARGIN_MS = 1_000;

/**
 * After a write that a webhook caused, background writes pause this long
 * while the minute's window is crowded (past the quarter kept for fresh
 * work): while contributors are active, its room is theirs, and a sweep
 * goes on when they are quiet.
 */
const YIELD_TO_FRESH_MS = 30_000;

/** The primary limit of one resource, as GitHub's last answer told it. */
export interface PrimaryLimit {
  limit: number;
  remaining: number;
  /** When the window resets, in epoch milliseconds. */
  resetAt: number;
}

export interface Wait {
  ms: number;
  /** Which limit holds the request, for logs and the dashboard. */
  reason: string;
}

/** What one installation has spent and may still spend. Pure: the clock is passed in. */
export class InstallationBudget {
  readonly #windows;
  readonly #primary = new Map<RequestCost["resource"], PrimaryLimit>();
  #blocked: { until: number; reason: string } | null = null;
  #lastFreshWrite = Number.NEGATIVE_INFINITY;

  constructor(readonly limits: BudgetLimits) {
    this.#windows = {
      writesPerMinute: new SlidingWindow(limits.writesPerMinute, 60_000 + WINDOW_MARGIN_MS),
      writesPerHour: new SlidingWindow(limits.writesPerHour, 3_600_000 + WINDOW_MARGIN_MS),
      restPointsPerMinute: new SlidingWindow(limits.restPointsPerMinute, 60_000 + WINDOW_MARGIN_MS),
      graphqlPointsPerMinute: new SlidingWindow(
        limits.graphqlPointsPerMinute,
        60_000 + WINDOW_MARGIN_MS,
      ),
    };
  }

  /** How long a request of this cost must wait before it is sent; 0 when it may go now. */
  waitMs(cost: RequestCost, priority: RequestPriority, now: number): Wait {
    const share = priority === "background" ? this.limits.backgroundShare : 1;
    let wait: Wait = { ms: 0, reason: "" };
    const consider = (ms: number, reason: string) => {
      if (ms > wait.ms) wait = { ms, reason };
    };
    if (this.#blocked && this.#blocked.until > now) {
      consider(this.#blocked.until - now, this.#blocked.reason);
    }
    const primary = this.#primary.get(cost.resource);
    if (primary && primary.resetAt > now) {
      // Background work leaves the last part of the hour's budget to fresh work.
      const floor = priority === "background" ? primary.limit * (1 - share) : 0;
      if (primary.remaining <= floor) {
        consider(primary.resetAt - now, `primary limit (${cost.resource}) spent until its reset`);
      }
    }
    const windows = this.#windows;
    const check = (window: SlidingWindow, amount: number, name: string) => {
      if (amount <= 0) return;
      const ceiling = Math.max(1, Math.floor(window.limit * share));
      consider(window.waitMs(now, amount, ceiling), name);
    };
    // Only when the minute is crowded: with room to spare nobody waits for anybody.
    if (
      cost.contentCreating &&
      priority === "background" &&
      windows.writesPerMinute.used(now) >=
        this.limits.writesPerMinute * (1 - this.limits.backgroundShare)
    ) {
      consider(this.#lastFreshWrite + YIELD_TO_FRESH_MS - now, "yielding writes to fresh work");
    }
    if (cost.contentCreating) {
      check(windows.writesPerMinute, 1, `${this.limits.writesPerMinute} writes a minute`);
      check(windows.writesPerHour, 1, `${this.limits.writesPerHour} writes an hour`);
    }
    check(windows.restPointsPerMinute, cost.restPoints, "REST points a minute");
    check(windows.graphqlPointsPerMinute, cost.graphqlPoints, "GraphQL points a minute");
    return wait;
  }

  /** Records a request as sent. */
  spend(cost: RequestCost, priority: RequestPriority, now: number): void {
    const windows = this.#windows;
    if (cost.contentCreating && priority !== "background") this.#lastFreshWrite = now;
    if (cost.contentCreating) {
      windows.writesPerMinute.spend(now, 1);
      windows.writesPerHour.spend(now, 1);
    }
    if (cost.restPoints > 0) windows.restPointsPerMinute.spend(now, cost.restPoints);
    if (cost.graphqlPoints > 0) windows.graphqlPointsPerMinute.spend(now, cost.graphqlPoints);
    // Until the answer tells, count it against the primary limit too, so
    // requests in flight are not all sent on one stale `remaining`.
    const primary = this.#primary.get(cost.resource);
    if (primary && primary.remaining > 0) primary.remaining -= 1;
  }

  /** Learns the primary limit from an answer's headers (any status). */
  learn(headers: Record<string, unknown> | undefined, now: number): void {
    if (!headers) return;
    const limit = Number(headers["x-ratelimit-limit"]);
    const remaining = Number(headers["x-ratelimit-remaining"]);
    const reset = Number(headers["x-ratelimit-reset"]);
    const resource = headers["x-ratelimit-resource"] === "graphql" ? "graphql" : "core";
    if (![limit, remaining, reset].every(Number.isFinite)) return;
    if (headers["x-ratelimit-limit"] === undefined) return;
    // A reset in the past (clock skew) is read as "now": the numbers still count.
    this.#primary.set(resource, { limit, remaining, resetAt: Math.max(reset * 1000, now) });
  }

  /** GitHub said to wait (a secondary limit, or the primary one at 0): nothing is sent until then. */
  block(until: number, reason: string): void {
    if (!this.#blocked || this.#blocked.until < until) this.#blocked = { until, reason };
  }

  /** Until when, and why, GitHub told this installation to wait; null when it did not. */
  blockedAt(now: number): { until: number; reason: string } | null {
    return this.#blocked && this.#blocked.until > now ? { ...this.#blocked } : null;
  }

  /**
   * Until when, and why, nothing at all can be sent: GitHub said to wait, or
   * a primary limit is spent until its reset. Null when requests may go.
   */
  waitingAt(now: number): { until: number; reason: string } | null {
    let waiting = this.blockedAt(now);
    for (const [resource, primary] of this.#primary) {
      if (primary.remaining > 0 || primary.resetAt <= now) continue;
      if (!waiting || waiting.until < primary.resetAt) {
        waiting = {
          until: primary.resetAt,
          reason: `primary limit (${resource}) spent until its reset`,
        };
      }
    }
    return waiting;
  }

  primary(resource: RequestCost["resource"]): PrimaryLimit | undefined {
    const known = this.#primary.get(resource);
    return known ? { ...known } : undefined;
  }

  writes(now: number): { lastMinute: number; lastHour: number } {
    return {
      lastMinute: this.#windows.writesPerMinute.used(now),
      lastHour: this.#windows.writesPerHour.used(now),
    };
  }
}
