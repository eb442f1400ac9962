import { describe, expect, it } from "vitest";
import { defaultBudgetLimits, InstallationBudget } from "../../src/github/installation-budget.ts";
import { requestCost } from "../../src/github/request-cost.ts";

const write = requestCost("POST", "/repos/{owner}/{repo}/check-runs");
const read = requestCost("GET", "/repos/{owner}/{repo}");
const query = requestCost("POST", "/graphql", { query: "query Q { viewer { login } }" });
const mutation = requestCost("POST", "/graphql", { query: "# c\nmutation M { x }" });

describe("requestCost", () => {
  it("reads GitHub's points: GET 1, writes 5; a query 1, a mutation 5 and content", () => {
    expect(read).toEqual({
      resource: "core",
      contentCreating: false,
      restPoints: 1,
      graphqlPoints: 0,
    });
    expect(write).toMatchObject({ contentCreating: true, restPoints: 5 });
    expect(query).toEqual({
      resource: "graphql",
      contentCreating: false,
      restPoints: 0,
      graphqlPoints: 1,
    });
    expect(mutation).toMatchObject({ contentCreating: true, graphqlPoints: 5 });
    // GitHub Enterprise Server's GraphQL address is a full URL.
    expect(requestCost("POST", "https://ghe.example/api/graphql", {}).resource).toBe("graphql");
  });
});

describe("InstallationBudget", () => {
  it("paces writes at 80 a minute and leaves reads alone", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    for (let i = 0; i < 80; i++) {
      expect(budget.waitMs(write, "normal", 1000 + i).ms).toBe(0);
      budget.spend(write, "normal", 1000 + i);
    }
    const wait = budget.waitMs(write, "normal", 2000);
    // The first write leaves c4bot's window 61 s after it was sent: a second
    // more than GitHub's, for the time it takes to reach GitHub.
    expect(wait.ms).toBe(60_000);
    expect(wait.reason).toMatch(/80 writes a minute/);
    expect(budget.waitMs(read, "normal", 2000).ms).toBe(0);
    expect(budget.writes(2000)).toEqual({ lastMinute: 80, lastHour: 80 });
  });

  it("keeps a quarter of each budget from background work", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    for (let i = 0; i < 60; i++) budget.spend(write, "background", i);
    expect(budget.waitMs(write, "background", 100)).toMatchObject({
      ms: 60_900,
      reason: "80 writes a minute",
    });
    expect(budget.waitMs(write, "normal", 100).ms).toBe(0);
  });

  it("pauses background writes for 30 s after a webhook's write, in a crowded minute", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    budget.spend(write, "normal", 1000);
    // One write in the minute: room to spare, nobody waits.
    expect(budget.waitMs(write, "background", 1000).ms).toBe(0);
    for (let i = 0; i < 19; i++) budget.spend(write, "background", 1000);
    expect(budget.waitMs(write, "background", 1000)).toEqual({
      ms: 30_000,
      reason: "yielding writes to fresh work",
    });
    expect(budget.waitMs(read, "background", 1000).ms).toBe(0);
    expect(budget.waitMs(write, "background", 31_000).ms).toBe(0);
    // A merge is not background either.
    budget.spend(write, "high", 40_000);
    expect(budget.waitMs(write, "background", 40_000).ms).toBe(30_000);
    // Once the minute has emptied, the sweep goes on.
    expect(budget.waitMs(write, "background", 62_000).ms).toBe(0);
  });

  it("caps writes at 500 an hour", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    for (let i = 0; i < 500; i++) budget.spend(write, "normal", (i * 62_000) / 80);
    const now = (500 * 62_000) / 80;
    const wait = budget.waitMs(write, "normal", now);
    expect(wait.reason).toMatch(/500 writes an hour/);
    expect(wait.ms).toBe(3_601_000 - now);
  });

  it("learns the primary limit from headers and waits for its reset at 0", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    const reset = 10_000;
    budget.learn(
      {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "1000",
        "x-ratelimit-reset": String(reset),
        "x-ratelimit-resource": "core",
      },
      reset * 1000 - 60_000,
    );
    const now = reset * 1000 - 60_000;
    // 1,000 of 5,000 left: background work (75% share) stops; a webhook's does not.
    expect(budget.waitMs(read, "background", now).ms).toBe(60_000);
    expect(budget.waitMs(read, "normal", now).ms).toBe(0);
    expect(budget.waitMs(query, "background", now).ms).toBe(0);
    budget.learn(
      {
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
        "x-ratelimit-resource": "core",
      },
      now,
    );
    expect(budget.waitMs(read, "normal", now)).toMatchObject({ ms: 60_000 });
    expect(budget.primary("core")).toEqual({ limit: 5000, remaining: 0, resetAt: reset * 1000 });
  });

  it("holds everything while GitHub said to wait", () => {
    const budget = new InstallationBudget(defaultBudgetLimits);
    budget.block(5000, "secondary");
    expect(budget.waitMs(read, "normal", 1000)).toEqual({ ms: 4000, reason: "secondary" });
    expect(budget.blockedAt(6000)).toBeNull();
  });
});
