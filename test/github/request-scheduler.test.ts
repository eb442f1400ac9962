import { describe, expect, it } from "vitest";
import { RateLimitWaitError } from "../../src/github/rate-limit-wait-error.ts";
import { requestCost } from "../../src/github/request-cost.ts";
import { RequestScheduler } from "../../src/github/request-scheduler.ts";

const read = requestCost("GET", "/repos/{owner}/{repo}");
const write = requestCost("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments");
const ok = async () => ({ status: 200, headers: {} as Record<string, unknown> });
const limited = (headers: Record<string, string>) =>
  Object.assign(new Error("You have exceeded a secondary rate limit"), {
    status: 403,
    response: { headers },
  });

function logSpy() {
  const lines: { object: object; message?: string }[] = [];
  return { lines, warn: (object: object, message?: string) => lines.push({ object, message }) };
}

describe("RequestScheduler", () => {
  it("sends a webhook's request before a sweep's that queued first", async () => {
    const scheduler = new RequestScheduler({ readConcurrency: 1 });
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const first = scheduler.schedule("1", read, "normal", async () => {
      started = true;
      await held;
      return ok();
    });
    const queued = async (count: number) => {
      for (let i = 0; i < 500; i++) {
        if (started && (scheduler.budgets()[0]?.queued.reads ?? 0) >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error(`never ${count} queued`);
    };
    const sent = (name: string) => async () => {
      order.push(name);
      return ok();
    };
    const rest = [
      scheduler.schedule("1", read, "background", sent("sweep 1")),
      scheduler.schedule("1", read, "background", sent("sweep 2")),
    ];
    await queued(2);
    rest.push(scheduler.schedule("1", read, "normal", sent("webhook")));
    await queued(3);
    release();
    await Promise.all([first, ...rest]);
    expect(order).toEqual(["webhook", "sweep 1", "sweep 2"]);
  });

  it("after a secondary limit, sends nothing more until retry-after and logs it once", async () => {
    const log = logSpy();
    let now = 1_000_000;
    const scheduler = new RequestScheduler({ log, now: () => now });
    await expect(
      scheduler.schedule("7", write, "normal", async () => {
        throw limited({ "retry-after": "60" });
      }),
    ).rejects.toMatchObject({ status: 403 });
    let sent = 0;
    const send = async () => {
      sent++;
      return ok();
    };
    // 60 s is longer than a job should hold a worker: the job goes back to the queue.
    const refused = await scheduler.schedule("7", read, "normal", send).catch((error) => error);
    expect(refused).toBeInstanceOf(RateLimitWaitError);
    expect(refused.delayMs).toBe(60_000);
    expect(sent).toBe(0);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.message).toMatch(/installation 7 sends nothing until/);
    const [report] = scheduler.budgets();
    expect(report).toMatchObject({
      installation: "7",
      limitHits: { primary: 0, secondary: 1 },
      waiting: { until: new Date(1_060_000).toISOString() },
    });
    // Other installations are not held.
    await scheduler.schedule("8", read, "normal", send);
    expect(sent).toBe(1);
    now += 60_000;
    await scheduler.schedule("7", read, "normal", send);
    expect(sent).toBe(2);
    expect(scheduler.budgets()[0]?.waiting).toBeNull();
  });

  it("waits out a short retry-after (0 means a second) inside the request", async () => {
    const scheduler = new RequestScheduler();
    await scheduler
      .schedule("1", read, "normal", async () => {
        throw limited({ "retry-after": "0" });
      })
      .catch(() => undefined);
    const started = Date.now();
    await scheduler.schedule("1", read, "normal", ok);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("does not hold a worker for a spent write budget: it says how long to wait", async () => {
    const now = 5_000;
    const scheduler = new RequestScheduler({ limits: { writesPerMinute: 2 }, now: () => now });
    await scheduler.schedule("1", write, "normal", ok);
    await scheduler.schedule("1", write, "normal", ok);
    const error = await scheduler.schedule("1", write, "normal", ok).catch((caught) => caught);
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect(error.delayMs).toBe(61_000);
    expect(error.message).toMatch(/2 writes a minute/);
    expect(scheduler.budgets()[0]?.writes).toEqual({
      lastMinute: 2,
      lastHour: 2,
      perMinute: 2,
      perHour: 500,
    });
  });

  it("shows the primary budget GitHub reported", async () => {
    const scheduler = new RequestScheduler({ now: () => 1_000 });
    await scheduler.schedule("3", read, "normal", async () => ({
      status: 200,
      headers: {
        "x-ratelimit-limit": "15000",
        "x-ratelimit-remaining": "14999",
        "x-ratelimit-reset": "3600",
        "x-ratelimit-resource": "core",
      },
    }));
    expect(scheduler.budgets()[0]?.primary).toEqual([
      {
        resource: "core",
        limit: 15000,
        remaining: 14999,
        resetAt: new Date(3_600_000).toISOString(),
      },
    ]);
  });
});
