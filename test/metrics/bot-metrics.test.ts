import { describe, expect, it } from "vitest";
import { LocalQueue } from "../../src/core/local-queue.ts";
import { BotMetrics } from "../../src/metrics/bot-metrics.ts";

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
    const text = await metrics.text();
    expect(text).toContain("c4bot_queue_depth 1");
    expect(text).toContain('c4bot_jobs_total{state="coalesced"} 1');
    expect(text).toContain('c4bot_queue_jobs{state="waiting"} 1');
    expect(text).not.toMatch(/^c4bot_workers /m);
    // A histogram with no source prints its header only.
    expect(text).toContain("# TYPE c4bot_job_latency_seconds histogram");
    await queue.close();
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
});
