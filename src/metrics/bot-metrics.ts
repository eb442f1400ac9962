import { Counter, Gauge, type Metric, Registry } from "prom-client";
import type { JobQueue, QueueStats } from "../core/job.ts";
import type { InstallationBudgetReport } from "../github/request-scheduler.ts";
import type { MergeEvent, VerdictEvent } from "../history/bot-events.ts";

/** What the ZeroMQ broker adds to QueueStats (src/core/broker.ts `BrokerStats`). */
interface BrokerExtras {
  workers?: number;
  latency?: { bucketsMs: readonly number[]; counts: number[]; count: number; sumMs: number };
}

/** One GitHub API request as the Octokit hook saw it. */
export interface GitHubRequestInfo {
  method: string;
  /** The route template (`/repos/{owner}/{repo}/pulls/{pull_number}`), never a filled-in URL. */
  route: string;
  /** The HTTP status, or 0 when no answer came. */
  status: number;
  /** `x-ratelimit-remaining`, when GitHub sent it. */
  rateLimitRemaining?: number;
  /** `x-ratelimit-resource` (core, graphql, search...). */
  rateLimitResource?: string;
}

/**
 * c4bot's Prometheus metrics (issue 6), on a registry of its own: several
 * bots in one process (tests) never collide, and nothing else in the process
 * leaks into /metrics. Queue figures are read from `queue.stats()` at scrape
 * time, so they cost nothing between scrapes.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly #webhooks;
  readonly #webhookResponses;
  readonly #signatureFailures;
  readonly #evaluations;
  readonly #ruleOutcomes;
  readonly #merges;
  readonly #githubRequests;
  readonly #rateLimit;

  constructor(queue?: JobQueue) {
    // (the queue may come later: startBot builds Probot, and so the metrics, first)
    const registers = [this.registry];
    this.#webhooks = new Counter({
      name: "c4bot_webhooks_received_total",
      help: "Webhook deliveries that passed the signature check, by event and action.",
      labelNames: ["event", "action"] as const,
      registers,
    });
    this.#webhookResponses = new Counter({
      name: "c4bot_webhook_responses_total",
      help: "Answers to webhook deliveries, by HTTP status (503: queue full).",
      labelNames: ["status"] as const,
      registers,
    });
    this.#signatureFailures = new Counter({
      name: "c4bot_webhook_signature_failures_total",
      help: "Deliveries refused because X-Hub-Signature-256 did not match the webhook secret.",
      registers,
    });
    this.#evaluations = new Counter({
      name: "c4bot_evaluations_total",
      help: "Pull request evaluations written as a C4 check run, by decision.",
      labelNames: ["decision"] as const,
      registers,
    });
    this.#ruleOutcomes = new Counter({
      name: "c4bot_rule_outcomes_total",
      help: "Rule results in evaluations, by rule and outcome.",
      labelNames: ["rule", "outcome"] as const,
      registers,
    });
    this.#merges = new Counter({
      name: "c4bot_merges_total",
      help: "Pull requests merged, by kind (correct patch, or forced by /c4 merge).",
      labelNames: ["kind"] as const,
      registers,
    });
    this.#githubRequests = new Counter({
      name: "c4bot_github_requests_total",
      help: "GitHub API requests, by method, route template and status (0: no answer).",
      labelNames: ["method", "route", "status"] as const,
      registers,
    });
    this.#rateLimit = new Gauge({
      name: "c4bot_github_rate_limit_remaining",
      help: "x-ratelimit-remaining of GitHub's last answer, by rate limit resource.",
      labelNames: ["resource"] as const,
      registers,
    });
    if (queue) this.observeQueue(queue);
  }

  webhook(event: string, action: string | undefined): void {
    this.#webhooks.inc({ event, action: action ?? "" });
  }

  webhookResponse(status: number, signatureFailed: boolean): void {
    this.#webhookResponses.inc({ status: String(status) });
    if (signatureFailed) this.#signatureFailures.inc();
  }

  verdict(event: VerdictEvent): void {
    this.#evaluations.inc({ decision: event.verdict.decision });
    for (const result of event.verdict.results) {
      this.#ruleOutcomes.inc({ rule: result.rule, outcome: result.outcome });
    }
  }

  merged(event: MergeEvent): void {
    this.#merges.inc({ kind: event.forced ? "forced" : "correct" });
  }

  githubRequest(info: GitHubRequestInfo): void {
    this.#githubRequests.inc({
      method: info.method,
      route: info.route,
      status: String(info.status),
    });
    if (info.rateLimitRemaining !== undefined) {
      this.#rateLimit.set({ resource: info.rateLimitResource ?? "core" }, info.rateLimitRemaining);
    }
  }

  /** The Prometheus text exposition. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * Exposes each installation's GitHub budget (src/github/request-scheduler.ts),
   * read at each scrape: what the primary limit leaves, the writes of the last
   * minute and hour against their caps, whether it waits on GitHub and for how
   * long, and GitHub's rate-limit answers (which pacing should keep at 0).
   */
  observeGitHubBudgets(budgets: () => InstallationBudgetReport[]): void {
    const registers = [this.registry];
    // One read per scrape, shared by the four gauges (as observeQueue does).
    let cached: InstallationBudgetReport[] | undefined;
    const read = () => {
      if (!cached) {
        cached = budgets();
        queueMicrotask(() => {
          cached = undefined;
        });
      }
      return cached;
    };
    new Gauge({
      name: "c4bot_github_budget_remaining",
      help: "What GitHub's primary rate limit leaves this hour, by installation and resource (core, graphql).",
      labelNames: ["installation", "resource"] as const,
      registers,
      collect() {
        this.reset();
        for (const budget of read()) {
          for (const primary of budget.primary) {
            this.set(
              { installation: budget.installation, resource: primary.resource },
              primary.remaining,
            );
          }
        }
      },
    });
    new Gauge({
      name: "c4bot_github_writes",
      help: "Content-creating requests sent in the last minute and hour, and their caps, by installation.",
      labelNames: ["installation", "window", "kind"] as const,
      registers,
      collect() {
        this.reset();
        for (const { installation, writes } of read()) {
          this.set({ installation, window: "minute", kind: "sent" }, writes.lastMinute);
          this.set({ installation, window: "minute", kind: "cap" }, writes.perMinute);
          this.set({ installation, window: "hour", kind: "sent" }, writes.lastHour);
          this.set({ installation, window: "hour", kind: "cap" }, writes.perHour);
        }
      },
    });
    new Gauge({
      name: "c4bot_github_wait_seconds",
      help: "Seconds until the installation may send again after GitHub said to wait (0: not waiting).",
      labelNames: ["installation"] as const,
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const { installation, waiting } of read()) {
          const seconds = waiting ? Math.max(0, (Date.parse(waiting.until) - now) / 1000) : 0;
          this.set({ installation }, seconds);
        }
      },
    });
    new Gauge({
      name: "c4bot_github_rate_limit_hits",
      help: "GitHub's rate-limit answers (403/429) so far, by installation and limit (primary, secondary).",
      labelNames: ["installation", "limit"] as const,
      registers,
      collect() {
        this.reset();
        for (const { installation, limitHits } of read()) {
          this.set({ installation, limit: "primary" }, limitHits.primary);
          this.set({ installation, limit: "secondary" }, limitHits.secondary);
        }
      },
    });
  }

  /** Exposes the queue's figures, read at each scrape. Call once. */
  observeQueue(queue: JobQueue): void {
    const registers = [this.registry];
    let stats: (QueueStats & BrokerExtras) | undefined;
    // One stats() per scrape: the first collector of a scrape reads, the rest share it.
    const read = () => {
      stats = queue.stats() as QueueStats & BrokerExtras;
      queueMicrotask(() => {
        stats = undefined;
      });
      return stats;
    };
    const current = () => stats ?? read();
    new Counter({
      name: "c4bot_jobs_total",
      help: "Jobs by what became of them: done, failed (an attempt threw), retried, coalesced into an equal waiting job, duplicate deliveries dropped, dead-lettered.",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const s = current();
        this.reset();
        for (const state of [
          "done",
          "failed",
          "retried",
          "coalesced",
          "duplicates",
          "deadLettered",
        ] as const) {
          this.inc({ state: state === "deadLettered" ? "dead_lettered" : state }, s[state]);
        }
      },
    });
    new Gauge({
      name: "c4bot_queue_jobs",
      help: "Jobs in the queue now: waiting for their key or a slot, delayed (retries, re-checks), in flight, and background jobs among the waiting.",
      labelNames: ["state"] as const,
      registers,
      collect() {
        const s = current();
        this.set({ state: "waiting" }, s.depth);
        this.set({ state: "delayed" }, s.delayed);
        this.set({ state: "in_flight" }, s.inFlight);
        // Sweeps' jobs among the waiting: they run only while a slot stays free.
        this.set({ state: "background" }, s.background ?? 0);
      },
    });
    new Gauge({
      name: "c4bot_queue_depth",
      help: "Jobs waiting to run (the queue's depth; enqueue answers busy past its bound).",
      registers,
      collect() {
        this.set(current().depth);
      },
    });
    new Gauge({
      name: "c4bot_dead_letters",
      help: "Jobs in the dead-letter list now (they failed every attempt).",
      registers,
      collect() {
        this.set(queue.deadLetters().length);
      },
    });
    // Only the broker counts workers; the in-process queue has none to count.
    if ((queue.stats() as BrokerExtras).workers !== undefined) {
      new Gauge({
        name: "c4bot_workers",
        help: "Workers connected to the broker (in-process and remote).",
        registers,
        collect() {
          this.set(current().workers ?? 0);
        },
      });
    }
    this.registry.registerMetric(latencyHistogram(current) as unknown as Metric);
  }
}

/**
 * The broker's job-latency histogram (runnable to done), exposed as a
 * Prometheus histogram in seconds. prom-client's Histogram cannot be loaded
 * with counts measured elsewhere, so this is a collector of the same shape.
 */
function latencyHistogram(current: () => QueueStats & BrokerExtras) {
  const name = "c4bot_job_latency_seconds";
  const help = "Job latency from runnable (enqueued, or released from a delay) to done.";
  return {
    name,
    help,
    type: "histogram",
    aggregator: "sum",
    reset() {},
    async get() {
      const latency = current().latency;
      const values: {
        metricName: string;
        labels: Record<string, string | number>;
        value: number;
      }[] = [];
      if (latency) {
        let cumulative = 0;
        latency.bucketsMs.forEach((bound, index) => {
          cumulative += latency.counts[index] ?? 0;
          values.push({
            metricName: `${name}_bucket`,
            labels: { le: bound / 1000 },
            value: cumulative,
          });
        });
        values.push({ metricName: `${name}_bucket`, labels: { le: "+Inf" }, value: latency.count });
        values.push({ metricName: `${name}_sum`, labels: {}, value: latency.sumMs / 1000 });
        values.push({ metricName: `${name}_count`, labels: {}, value: latency.count });
      }
      return { name, help, type: "histogram", aggregator: "sum", values };
    },
  };
}
