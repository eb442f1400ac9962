import Bottleneck from "bottleneck";
import { readRateLimit } from "./errors.ts";
import {
  type BudgetLimits,
  defaultBudgetLimits,
  InstallationBudget,
  type RequestPriority,
} from "./installation-budget.ts";
import { RateLimitWaitError } from "./rate-limit-wait-error.ts";
import type { RequestCost } from "./request-cost.ts";

export interface SchedulerLog {
  warn(object: object, message?: string): void;
}

export interface RequestSchedulerOptions {
  limits?: Partial<BudgetLimits>;
  /** Reads in flight per installation (GitHub allows 100 concurrent requests in all). */
  readConcurrency?: number;
  /** Writes in flight per installation; the per-minute windows pace them. */
  writeConcurrency?: number;
  /**
   * A request that would wait longer than this is not held in a worker: it
   * fails with RateLimitWaitError and its job goes back to the queue.
   */
  maxInlineWaitMs?: number;
  log?: SchedulerLog;
  now?: () => number;
}

/** One installation's budget as the dashboard and `/metrics` show it. */
export interface InstallationBudgetReport {
  installation: string;
  primary: { resource: "core" | "graphql"; limit: number; remaining: number; resetAt: string }[];
  writes: { lastMinute: number; lastHour: number; perMinute: number; perHour: number };
  /** Set while GitHub told this installation to wait (or its budget is spent). */
  waiting: { until: string; reason: string } | null;
  queued: { reads: number; writes: number };
  /** Rate-limit answers from GitHub, by limit: these should stay at 0. */
  limitHits: { primary: number; secondary: number };
}

interface Lanes {
  budget: InstallationBudget;
  reads: Bottleneck;
  writes: Bottleneck;
  hits: { primary: number; secondary: number };
  /** The end of the last wait logged. */
  announcedUntil: number;
}

/** Bottleneck runs priority 0 first; a webhook's requests go before a sweep's. */
const bottleneckPriority: Record<RequestPriority, number> = { high: 1, normal: 3, background: 7 };

const notYet = Symbol("not yet");

/**
 * Spends GitHub's budget per installation, in c4bot's own lanes rather than
 * Octokit's throttling plugin (which sends every GraphQL query, reads
 * included, one a second): reads run concurrently up to a cap; writes are
 * paced only to stay under the per-minute and per-hour caps; a webhook's
 * requests go before a sweep's, and a sweep may spend only part of each
 * budget; `retry-after` and `x-ratelimit-reset` stop every request of the
 * installation until then (docs/deployment.md, "GitHub's budget").
 */
export class RequestScheduler {
  readonly #lanes = new Map<string, Lanes>();
  readonly #options: Required<Omit<RequestSchedulerOptions, "log" | "limits">> & {
    limits: BudgetLimits;
    log: SchedulerLog | undefined;
  };

  constructor(options: RequestSchedulerOptions = {}) {
    this.#options = {
      limits: { ...defaultBudgetLimits, ...options.limits },
      readConcurrency: options.readConcurrency ?? 16,
      writeConcurrency: options.writeConcurrency ?? 4,
      maxInlineWaitMs: options.maxInlineWaitMs ?? 15_000,
      log: options.log,
      now: options.now ?? Date.now,
    };
  }

  get limits(): BudgetLimits {
    return { ...this.#options.limits };
  }

  /** Sends `send()` when `installation`'s budget allows a request of `cost`. */
  async schedule<T extends { headers?: Record<string, unknown> }>(
    installation: string,
    cost: RequestCost,
    priority: RequestPriority,
    send: () => Promise<T>,
  ): Promise<T> {
    const lanes = this.#lanesOf(installation);
    const lane = cost.contentCreating ? lanes.writes : lanes.reads;
    const { now, maxInlineWaitMs } = this.#options;
    for (;;) {
      const wait = lanes.budget.waitMs(cost, priority, now());
      if (wait.ms > maxInlineWaitMs) {
        // Logged when GitHub made the wait; c4bot's own pacing is no news.
        const waiting = lanes.budget.waitingAt(now());
        if (waiting) this.#announce(installation, lanes, waiting.until, waiting.reason);
        throw new RateLimitWaitError(wait.ms, wait.reason, installation);
      }
      if (wait.ms > 0) {
        await sleep(wait.ms);
        continue;
      }
      // Others may have spent while this one queued for a slot: check again there.
      const sent = await lane.schedule({ priority: bottleneckPriority[priority] }, async () => {
        if (lanes.budget.waitMs(cost, priority, now()).ms > 0) return notYet;
        lanes.budget.spend(cost, priority, now());
        return this.#send(installation, lanes, send);
      });
      if (sent !== notYet) return sent;
    }
  }

  async #send<T extends { headers?: Record<string, unknown> }>(
    installation: string,
    lanes: Lanes,
    send: () => Promise<T>,
  ): Promise<T> {
    const { now } = this.#options;
    try {
      const response = await send();
      lanes.budget.learn(response.headers, now());
      return response;
    } catch (error) {
      const failed = error as {
        response?: { headers?: Record<string, unknown> };
        headers?: Record<string, unknown>;
      };
      lanes.budget.learn(failed.response?.headers ?? failed.headers, now());
      const limited = readRateLimit(error, now());
      if (limited) {
        lanes.hits[limited.limit] += 1;
        const until = now() + limited.delayMs;
        const reason = `GitHub's ${limited.limit} rate limit (${limited.detail})`;
        lanes.budget.block(until, reason);
        this.#announce(installation, lanes, until, reason);
      }
      throw error;
    }
  }

  /** One log line per wait, not one per request or job caught in it. */
  #announce(installation: string, lanes: Lanes, until: number, reason: string): void {
    // Waits a few seconds apart are the same wait, told once.
    if (until <= lanes.announcedUntil + 5_000) return;
    lanes.announcedUntil = until;
    const at = new Date(until).toISOString();
    this.#options.log?.warn(
      { installation, until: at, reason },
      `GitHub rate limit: installation ${installation} sends nothing until ${at} (${reason})`,
    );
  }

  /** Every installation seen so far, with what it has spent and may spend. */
  budgets(): InstallationBudgetReport[] {
    const now = this.#options.now();
    const { limits } = this.#options;
    return [...this.#lanes].map(([installation, lanes]) => {
      const waiting = lanes.budget.waitingAt(now);
      return {
        installation,
        primary: (["core", "graphql"] as const).flatMap((resource) => {
          const known = lanes.budget.primary(resource);
          return known
            ? [
                {
                  resource,
                  limit: known.limit,
                  remaining: known.remaining,
                  resetAt: new Date(known.resetAt).toISOString(),
                },
              ]
            : [];
        }),
        writes: {
          ...lanes.budget.writes(now),
          perMinute: limits.writesPerMinute,
          perHour: limits.writesPerHour,
        },
        waiting: waiting
          ? { until: new Date(waiting.until).toISOString(), reason: waiting.reason }
          : null,
        queued: { reads: lanes.reads.queued(), writes: lanes.writes.queued() },
        limitHits: { ...lanes.hits },
      };
    });
  }

  #lanesOf(installation: string): Lanes {
    let lanes = this.#lanes.get(installation);
    if (!lanes) {
      lanes = {
        budget: new InstallationBudget(this.#options.limits),
        reads: new Bottleneck({ maxConcurrent: this.#options.readConcurrency }),
        writes: new Bottleneck({ maxConcurrent: this.#options.writeConcurrency }),
        hits: { primary: 0, secondary: 0 },
        announcedUntil: 0,
      };
      this.#lanes.set(installation, lanes);
    }
    return lanes;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
