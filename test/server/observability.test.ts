import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import { defineJobKind } from "../../src/jobs/job-kind.ts";
import { goodCommit, REPO, startWorld, type World } from "../e2e/world.ts";

/*
 *  GitHub simulator ──webhook──▶ c4bot ──▶ /readyz  (queue, workers, GET /app)
 *                   ◀──REST/GraphQL──    └─▶ /metrics (Prometheus text)
 */
describe("/readyz and /metrics on a running bot", () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("is ready with a worker and working credentials, and counts what happened", async () => {
    world = await startWorld({ reconcileAtStart: false });
    const { sim, bot } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    sim.openPull({ repo: REPO, author: "alice", body: "Problem: x", commits: [goodCommit] });
    sim.openPull({ repo: REPO, author: "bob", body: "Problem: y", commits: [{ message: "wip" }] });
    await world.settle();

    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: "ready",
      ready: true,
      reasons: [],
      checks: { queue: "ok", workers: 1, github: "ok" },
    });

    sim.deliverRaw({ event: "ping", body: { zen: "hi" }, signature: `sha256=${"0".repeat(64)}` });
    await sim.settle();

    const response = await fetch(`${bot.url}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const value = (series: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(value('c4bot_webhooks_received_total{event="pull_request",action="opened"}')).toBe(2);
    expect(value("c4bot_webhook_signature_failures_total")).toBe(1);
    expect(value('c4bot_webhook_responses_total{status="400"}')).toBe(1);
    expect(value('c4bot_evaluations_total{decision="merge"}')).toBeGreaterThanOrEqual(1);
    expect(value('c4bot_evaluations_total{decision="reject"}')).toBeGreaterThanOrEqual(1);
    expect(
      value('c4bot_rule_outcomes_total{rule="commit-message",outcome="fail"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value('c4bot_merges_total{kind="correct"}')).toBe(1);
    expect(value('c4bot_jobs_total{state="done"}')).toBeGreaterThanOrEqual(4);
    expect(value("c4bot_queue_depth")).toBe(0);
    expect(value("c4bot_workers")).toBe(1);
    expect(value("c4bot_dead_letters")).toBe(0);
    expect(
      value('c4bot_github_requests_total{method="POST",route="/graphql",status="200"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(value('c4bot_github_rate_limit_remaining{resource="core"}')).toBeGreaterThan(0);
    const count = value("c4bot_job_latency_seconds_count") ?? 0;
    expect(count).toBeGreaterThanOrEqual(4);
    expect(value('c4bot_job_latency_seconds_bucket{le="+Inf"}')).toBe(count);
    // Nothing of the process's global registry (default metrics) leaks in.
    expect(text).not.toContain("process_cpu");
  });

  it("answers 503 with the reasons when GitHub refuses the app's credentials", async () => {
    world = await startWorld({ reconcileAtStart: false });
    world.sim.addFault({ method: "GET", route: "/app", status: 401, times: 20 });
    const response = await fetch(`${world.bot.url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { ready: boolean; reasons: string[]; checks: object };
    expect(body.ready).toBe(false);
    expect(body.checks).toMatchObject({ github: "failing" });
    expect(body.reasons.join(" ")).toMatch(/credentials do not work/);
    // The liveness probe does not depend on GitHub.
    expect((await fetch(`${world.bot.url}/healthz`)).status).toBe(200);
  });

  it("while shutting down, finishes running jobs and answers 503 to probes and webhooks", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    let finished = false;
    world = await startWorld({
      reconcileAtStart: false,
      extensions: {
        kinds: [
          defineJobKind({
            kind: "test.slow",
            payload: z.object({}),
            key: () => "k",
            async run() {
              started = true;
              await gate;
              finished = true;
            },
          }),
        ],
      },
    });
    const { sim, bot } = world;
    await bot.queue.enqueue({ kind: "test.slow", key: "k", payload: {} });
    await vi.waitFor(() => expect(started).toBe(true));
    const closed = bot.close();

    const ready = await fetch(`${bot.url}/readyz`);
    const readyBody = await ready.text();
    expect(ready.status).toBe(503);
    expect((JSON.parse(readyBody) as { reasons: string[] }).reasons).toContain(
      "shutting down: finishing running jobs",
    );
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    const delivery = sim.deliverRaw({ event: "ping", body: { zen: "hi" } });
    sim.openPull({ repo: REPO, author: "alice", body: "Problem: x", commits: [goodCommit] });
    await sim.settle();
    expect(delivery.status).toBe(202); // still answered: a ping makes no job
    const refused = sim.deliveries().filter((d) => d.event === "pull_request");
    expect(refused.map((d) => d.status)).toEqual([503]);
    expect(finished).toBe(false);

    release();
    await closed;
    expect(finished).toBe(true);
    world = undefined;
    await sim.close();
  });

  it("answers 503 when no worker is connected to the broker", async () => {
    world = await startWorld({ reconcileAtStart: false, queue: new ZmqQueue({ workers: 0 }) });
    const response = await fetch(`${world.bot.url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as { reasons: string[]; checks: object };
    expect(body.checks).toMatchObject({ workers: 0, github: "ok" });
    expect(body.reasons).toContain("no worker is connected to the broker");
  });

  it("asks for C4BOT_METRICS_TOKEN as a bearer token when one is set", async () => {
    world = await startWorld({ reconcileAtStart: false, metricsToken: "s3cret-metrics" });
    const url = `${world.bot.url}/metrics`;
    for (const authorization of [
      undefined,
      "Bearer wrong",
      "Basic czNjcmV0LW1ldHJpY3M=",
      "Bearer",
    ]) {
      const refused = await fetch(url, authorization ? { headers: { authorization } } : {});
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await refused.text()).not.toContain("c4bot_");
    }
    const allowed = await fetch(url, { headers: { authorization: "Bearer s3cret-metrics" } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("c4bot_webhooks_received_total");
    // The probes stay open: orchestrators call them without credentials.
    expect((await fetch(`${world.bot.url}/healthz`)).status).toBe(200);
  });
});
