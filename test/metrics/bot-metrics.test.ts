import { describe, expect, it } from "vitest";
import type { Job } from "../../src/core/job.ts";
import { LocalQueue } from "../../src/core/local-queue.ts";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import { BotMetrics } from "../../src/metrics/bot-metrics.ts";
import { quietLog, waitFor } from "../core/helpers.ts";

/** The value of one series in a Prometheus text exposition, if it is there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("BotMetrics", () => {
  it("keeps each bot's figures in its own registry", async () => {
    const one = new BotMetrics(new LocalQueue());
    const two = new BotMetrics(new LocalQueue());
    one.webhook("pull_request", "opened");
    one.webhook("pull_request", "opened");
    two.webhook("ping", undefined);
    const first = await one.text();
    expect(first).toContain(
      'c4bot_webhooks_received_total{event="pull_request",action="opened"} 2',
    );
    expect(first).not.toContain('event="ping"');
    expect(await two.text()).toContain('c4bot_webhooks_received_total{event="ping",action=""} 1');
  });

  it("reads the queue at scrape time, and has no worker count for the in-process queue", async () => {
    const queue = new LocalQueue();
    const metrics = new BotMetrics(queue);
    await queue.enqueue({ kind: "k", key: "a", payload: 1 });
    await queue.enqueue({ kind: "k", key: "a", payload: 1 });
    await queue.enqueue({ kind: "k", key: "b", payload: 2 }, { priority: "background" });
    const text = await metrics.text();
    expect(text).toContain("c4bot_queue_depth 2");
    expect(text).toContain('c4bot_queue_jobs{state="background"} 1');
    expect(text).toContain('c4bot_jobs_total{state="coalesced"} 1');
    expect(text).toContain('c4bot_queue_jobs{state="waiting"} 2');
    expect(text).not.toMatch(/^c4bot_workers /m);
    // A histogram with no source prints its header only.
    expect(text).toContain("# TYPE c4bot_job_latency_seconds histogram");
    await queue.close();
  });

  it("shows what the ZeroMQ broker counted: failures, retries, dead letters, jobs in flight", async () => {
    const queue = new ZmqQueue({
      workers: 1,
      concurrency: 8,
      maxAttempts: 4,
      backoffMs: () => 5,
      heartbeatMs: 50,
      log: quietLog,
    });
    const metrics = new BotMetrics(queue);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = (key: string, payload: unknown, deliveryId?: string): Job => ({
      kind: "k",
      key,
      payload,
      ...(deliveryId ? { deliveryId } : {}),
    });
    try {
      queue.start(async (j) => {
        if (j.key === "bad") throw new Error("GitHub said 500");
        if (j.key.startsWith("held")) await held;
      });
      // Every figure below is different, so that none can stand for another.
      expect(await queue.enqueue(job("ok-1", 1, "d-1"))).toBe("queued");
      for (let n = 0; n < 5; n++) {
        expect(await queue.enqueue(job("ok-1", 1, "d-1"))).toBe("duplicate");
      }
      for (let n = 2; n <= 6; n++) expect(await queue.enqueue(job(`ok-${n}`, n))).toBe("queued");
      expect(await queue.enqueue(job("bad", 1))).toBe("queued");
      for (const key of ["held-a", "held-b", "held-c"]) {
        expect(await queue.enqueue(job(key, 1))).toBe("queued");
      }
      // Waiting behind the running ones; equal ones join them.
      expect(await queue.enqueue(job("held-a", 2))).toBe("queued");
      expect(await queue.enqueue(job("held-a", 2))).toBe("coalesced");
      expect(await queue.enqueue(job("held-a", 2))).toBe("coalesced");
      expect(await queue.enqueue(job("held-b", 2))).toBe("queued");
      expect(await queue.enqueue(job("later", 1), { delayMs: 60_000 })).toBe("queued");
      await waitFor(() => {
        const stats = queue.stats();
        return stats.deadLettered === 1 && stats.done === 6 && stats.inFlight === 3;
      }, "six done, a dead letter, three running");

      let text = await metrics.text();
      const jobs = (state: string) => sample(text, `c4bot_jobs_total{state="${state}"}`);
      const queued = (state: string) => sample(text, `c4bot_queue_jobs{state="${state}"}`);
      expect(jobs("done")).toBe(6);
      expect(jobs("failed")).toBe(4);
      expect(jobs("retried")).toBe(3);
      expect(jobs("dead_lettered")).toBe(1);
      expect(jobs("coalesced")).toBe(2);
      expect(jobs("duplicates")).toBe(5);
      expect(queued("in_flight")).toBe(3);
      expect(queued("waiting")).toBe(2);
      expect(queued("delayed")).toBe(1);
      expect(sample(text, "c4bot_queue_depth")).toBe(2);
      expect(sample(text, "c4bot_dead_letters")).toBe(1);
      expect(sample(text, "c4bot_workers")).toBe(1);
      expect(sample(text, "c4bot_job_latency_seconds_count")).toBe(6);

      release();
      await queue.idle();
      text = await metrics.text();
      expect(jobs("done")).toBe(11);
      expect(jobs("failed")).toBe(4);
      expect(queued("in_flight")).toBe(0);
      expect(queued("waiting")).toBe(0);
      expect(queued("delayed")).toBe(1);
      expect(sample(text, "c4bot_job_latency_seconds_count")).toBe(11);
    } finally {
      release();
      await queue.close();
    }
  });

  it("tracks GitHub requests by route template and the rate limit left", async () => {
    const metrics = new BotMetrics();
    metrics.githubRequest({ method: "GET", route: "/app", status: 200, rateLimitRemaining: 4999 });
    metrics.githubRequest({ method: "POST", route: "/graphql", status: 0 });
    const text = await metrics.text();
    expect(text).toContain('c4bot_github_requests_total{method="GET",route="/app",status="200"} 1');
    expect(text).toContain(
      'c4bot_github_requests_total{method="POST",route="/graphql",status="0"} 1',
    );
    expect(text).toContain('c4bot_github_rate_limit_remaining{resource="core"} 4999');
  });

  it("shows each installation's GitHub budget, and how long it waits on GitHub", async () => {
    const metrics = new BotMetrics();
    const until = new Date(Date.now() + 90_000).toISOString();
    metrics.observeGitHubBudgets(() => [
      {
        installation: "42",
        primary: [{ resource: "core", limit: 5000, remaining: 4321, resetAt: until }],
        writes: { lastMinute: 12, lastHour: 345, perMinute: 80, perHour: 500 },
        waiting: { until, reason: "GitHub's secondary rate limit (retry-after 90)" },
        queued: { reads: 0, writes: 3 },
        limitHits: { primary: 0, secondary: 1 },
      },
    ]);
    const text = await metrics.text();
    expect(text).toContain('c4bot_github_budget_remaining{installation="42",resource="core"} 4321');
    expect(text).toContain('c4bot_github_writes{installation="42",window="minute",kind="sent"} 12');
    expect(text).toContain('c4bot_github_writes{installation="42",window="hour",kind="cap"} 500');
    expect(text).toContain('c4bot_github_rate_limit_hits{installation="42",limit="secondary"} 1');
    const wait = Number(/c4bot_github_wait_seconds\{installation="42"\} ([\d.]+)/.exec(text)?.[1]);
    expect(wait).toBeGreaterThan(80);
    expect(wait).toBeLessThanOrEqual(90);
  });
});
