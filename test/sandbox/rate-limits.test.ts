import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { secondaryRateLimitMessage } from "../../src/sandbox/fault-injector.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { appJwt, installationToken, postJson } from "./sandbox-helpers.ts";

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: GitHub's JSON, asserted field by field
  body: any;
}

type LimitsState = ReturnType<GitHubSimulator["limitsState"]>;

const repoPath = "/repos/zeromq/libzmq";
const rateLimitFields = "rateLimit { cost limit remaining used resetAt nodeCount }";

describe("GitHubSimulator rate limits", () => {
  let sim: GitHubSimulator;
  let clock: number;
  let token: string;

  const call = async (url: string, method: string, auth: string, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: { authorization: auth, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : undefined,
    } as Answer;
  };
  const rest = (method: string, path: string, body?: unknown) =>
    call(`${sim.apiUrl}${path}`, method, `token ${token}`, body);
  const comment = (body = "hello") => rest("POST", `${repoPath}/issues/1/comments`, { body });
  const graphql = (query: string, variables: Record<string, unknown> = {}) =>
    call(`${sim.url}/api/graphql`, "POST", `bearer ${token}`, { query, variables });
  const limitsState = async (): Promise<LimitsState> =>
    (await fetch(`${sim.url}/_sandbox/limits`)).json() as Promise<LimitsState>;
  const mine = async () => {
    const counts = (await limitsState()).installations[String(sim.installationId)];
    if (!counts) throw new Error("no counts for the installation yet");
    return counts;
  };
  const comments = () => sim.state().comments.length;

  beforeEach(async () => {
    clock = Date.parse("2026-03-01T12:00:00.250Z");
    sim = new GitHubSimulator({ now: () => clock });
    await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["alice"] });
    sim.openIssue({ repo: "zeromq/libzmq", author: "bob", title: "Socket leaks" });
    token = await installationToken(sim);
  });
  afterEach(() => sim.close());

  it("reports the primary budget in every installation answer, from the real state", async () => {
    const first = await rest("GET", repoPath);
    clock += 5_000;
    const second = await rest("GET", repoPath);
    // The window opened with the first request and resets an hour after it (whole seconds, up).
    const reset = String(Math.ceil((Date.parse("2026-03-01T12:00:00.250Z") + 3_600_000) / 1000));
    for (const [answer, used] of [
      [first, 1],
      [second, 2],
    ] as const) {
      expect(answer.status).toBe(200);
      expect(
        Object.fromEntries([...answer.headers].filter(([name]) => name.startsWith("x-ratelimit"))),
      ).toEqual({
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(5000 - used),
        "x-ratelimit-used": String(used),
        "x-ratelimit-reset": reset,
        "x-ratelimit-resource": "core",
      });
    }
    const query = await graphql(`{ ${rateLimitFields} }`);
    expect(query.headers.get("x-ratelimit-resource")).toBe("graphql");
    expect(query.headers.get("x-ratelimit-used")).toBe("1");
    expect(query.headers.get("x-ratelimit-remaining")).toBe("4999");
    // App-JWT requests are not an installation's: no budget charged or reported.
    const app = await call(
      `${sim.apiUrl}/app`,
      "GET",
      `bearer ${appJwt(sim.appId, sim.privateKey)}`,
    );
    expect(app.status).toBe(200);
    expect(app.headers.get("x-ratelimit-limit")).toBeNull();
    expect((await mine()).primary.core.used).toBe(2);
  });

  it("answers REST's primary limit with 403 and remaining 0, without effect, until the reset", async () => {
    sim.setLimits({ primary: { core: 2 } });
    expect((await rest("GET", repoPath)).status).toBe(200);
    expect((await comment()).status).toBe(201);
    const refused = await comment("refused");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      message: `API rate limit exceeded for installation ID ${sim.installationId}.`,
      documentation_url: expect.stringContaining("rate-limits-for-the-rest-api"),
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-ratelimit-used")).toBe("2");
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(comments()).toBe(1);
    // Tokens are asked for with the app's JWT: never limited.
    await expect(installationToken(sim)).resolves.toEqual(expect.any(String));
    clock += 3_599_000;
    expect((await rest("GET", repoPath)).status).toBe(403);
    clock += 1_000;
    const again = await comment("after the reset");
    expect(again.status).toBe(201);
    expect(again.headers.get("x-ratelimit-used")).toBe("1");
    expect(comments()).toBe(2);
    expect(await mine()).toMatchObject({
      requests: 3,
      contentCreating: 2,
      hits: { primary: 2, contentPerMinute: 0 },
    });
  });

  it("charges GraphQL its documented cost and reports it in rateLimit; dryRun charges nothing", async () => {
    sim.openPull({
      repo: "zeromq/libzmq",
      author: "bob",
      commits: [{ message: "Problem: x\n\nSolution: y" }],
    });
    // 1 request for the pulls, 100 for their labels, 100 for their reviews: 201 -> 2 points.
    const query = `query($n: Int!, $dry: Boolean = false) {
      repository(owner: "zeromq", name: "libzmq") {
        pullRequests(first: $n) { nodes { number
          labels(first: 100) { nodes { name } }
          reviews(first: 100) { nodes { state } }
        } }
      }
      rateLimit(dryRun: $dry) { cost limit remaining used resetAt nodeCount }
    }`;
    const answer = await graphql(query, { n: 100 });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const resetAt = new Date(Math.ceil((clock + 3_600_000) / 1000) * 1000).toISOString();
    expect(answer.body.data.rateLimit).toEqual({
      cost: 2,
      limit: 5000,
      remaining: 4998,
      used: 2,
      resetAt,
      nodeCount: 100 + 100 * 100 * 2,
    });
    expect(answer.headers.get("x-ratelimit-used")).toBe("2");
    const dry = await graphql(query, { n: 100, dry: true });
    expect(dry.body.data.rateLimit).toMatchObject({ cost: 2, used: 2, remaining: 4998 });
    // Half the pulls: 1 + 50 + 50 requests round to 1 point.
    const small = await graphql(query, { n: 50 });
    expect(small.body.data.rateLimit).toMatchObject({ cost: 1, used: 3 });
    expect((await mine()).primary.graphql).toMatchObject({ limit: 5000, used: 3, remaining: 4997 });
  });

  it("answers GraphQL's primary limit with 200 and RATE_LIMITED, and remaining 0", async () => {
    sim.setLimits({ primary: { graphql: 2 } });
    expect((await graphql(`{ ${rateLimitFields} }`)).body.data.rateLimit.remaining).toBe(1);
    expect((await graphql(`{ ${rateLimitFields} }`)).body.data.rateLimit.remaining).toBe(0);
    const refused = await graphql(`{ ${rateLimitFields} }`);
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual({
      errors: [
        {
          type: "RATE_LIMITED",
          message: `API rate limit exceeded for installation ID ${sim.installationId}.`,
        },
      ],
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-ratelimit-resource")).toBe("graphql");
    // REST has its own budget.
    expect((await rest("GET", repoPath)).status).toBe(200);
    clock += 3_600_000;
    expect((await graphql(`{ ${rateLimitFields} }`)).body.data.rateLimit.used).toBe(1);
    expect((await mine()).hits.primary).toBe(1);
  });

  it("refuses REST points over the minute's budget with 403, the message and retry-after", async () => {
    sim.setLimits({ secondary: { restPointsPerMinute: 12 } });
    for (let index = 0; index < 5; index += 1)
      expect((await rest("GET", repoPath)).status).toBe(200);
    clock += 20_000;
    expect((await comment()).status).toBe(201); // a write is 5 points: 10
    clock += 10_000;
    // 10 points in the window: a write (5) does not fit until the five reads leave it, 30 s on.
    const refused = await comment("refused");
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(secondaryRateLimitMessage);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("4994");
    expect(comments()).toBe(1);
    // Two reads still fit.
    expect((await rest("GET", repoPath)).status).toBe(200);
    expect((await rest("GET", repoPath)).status).toBe(200);
    expect((await rest("GET", repoPath)).headers.get("retry-after")).toBe("30");
    clock += 30_000;
    expect((await comment("later")).status).toBe(201);
    expect(comments()).toBe(2);
    expect(await mine()).toMatchObject({
      restPoints: 5 + 5 + 2 + 5,
      lastMinute: { restPoints: 5 + 2 + 5 },
      hits: { restPointsPerMinute: 2 },
    });
  });

  it("refuses GraphQL points over the minute's budget, with the settable status", async () => {
    sim.setLimits({ secondary: { graphqlPointsPerMinute: 2, status: 429 } });
    await graphql(`{ ${rateLimitFields} }`);
    clock += 15_000;
    await graphql(`{ ${rateLimitFields} }`);
    const refused = await graphql(`{ ${rateLimitFields} }`);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe(secondaryRateLimitMessage);
    expect(refused.headers.get("retry-after")).toBe("45");
    expect(refused.headers.get("x-ratelimit-used")).toBe("2");
    clock += 45_000;
    expect((await graphql(`{ ${rateLimitFields} }`)).status).toBe(200);
    expect((await mine()).hits.graphqlPointsPerMinute).toBe(1);
  });

  it("refuses content creation over the minute's and the hour's caps", async () => {
    sim.setLimits({ secondary: { contentPerMinute: 2, contentPerHour: 3 } });
    expect((await comment("one")).status).toBe(201);
    clock += 1_000;
    expect((await comment("two")).status).toBe(201);
    const minute = await comment("three");
    expect(minute.status).toBe(403);
    expect(minute.body.message).toBe(secondaryRateLimitMessage);
    // The first leaves the minute 60 s after it was made, 59 s from now.
    expect(minute.headers.get("retry-after")).toBe("59");
    expect(comments()).toBe(2);
    // Reads are no content: they pass.
    expect((await rest("GET", repoPath)).status).toBe(200);
    clock += 59_000;
    expect((await comment("three")).status).toBe(201);
    clock += 60_000;
    const hour = await comment("four");
    expect(hour.status).toBe(403);
    // The first of the hour's three leaves the window 3,600 s after it was made.
    expect(hour.headers.get("retry-after")).toBe(String(3600 - 120));
    expect(comments()).toBe(3);
    clock += (3600 - 120) * 1000;
    expect((await comment("four")).status).toBe(201);
    expect(await mine()).toMatchObject({
      contentCreating: 4,
      hits: { contentPerMinute: 1, contentPerHour: 1 },
    });
  });

  it("refuses a request over the concurrency limit while another is in flight", async () => {
    sim.setLimits({ secondary: { concurrent: 1 } });
    sim.addFault({ method: "GET", route: "/repos/{owner}/{repo}", delayMs: 400 });
    const slow = rest("GET", repoPath);
    while ((await limitsState()).installations[String(sim.installationId)]?.concurrent !== 1)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await comment();
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe(secondaryRateLimitMessage);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(comments()).toBe(0);
    expect((await slow).status).toBe(200);
    expect((await comment()).status).toBe(201);
    expect(await mine()).toMatchObject({ concurrent: 0, hits: { concurrent: 1 } });
  });

  it("keeps scripted 403 faults working alongside the limits", async () => {
    sim.addFault({ method: "POST", route: "graphql", status: 403, retryAfter: 7 });
    const faulted = await graphql(`{ ${rateLimitFields} }`);
    expect(faulted.status).toBe(403);
    expect(faulted.headers.get("retry-after")).toBe("7");
    expect(faulted.body.message).toBe(secondaryRateLimitMessage);
    expect(faulted.headers.get("x-ratelimit-resource")).toBe("graphql");
  });

  it("serves and sets the limits over /_sandbox/limits, with one-line reasons for bad input", async () => {
    await rest("GET", repoPath);
    await comment();
    await graphql(`{ ${rateLimitFields} }`);
    const set = await postJson(`${sim.url}/_sandbox/limits`, {
      secondary: { contentPerMinute: 20 },
      primary: { core: 100_000 },
    });
    expect(set.status).toBe(200);
    const resetSeconds = Math.ceil((clock + 3_600_000) / 1000);
    const expected = {
      limits: {
        enabled: true,
        primary: { core: 100_000, graphql: 5000 },
        secondary: {
          concurrent: 100,
          restPointsPerMinute: 900,
          graphqlPointsPerMinute: 2000,
          contentPerMinute: 20,
          contentPerHour: 500,
          status: 403,
        },
      },
      installations: {
        [String(sim.installationId)]: {
          requests: 3,
          contentCreating: 1,
          restPoints: 6,
          graphqlPoints: 1,
          concurrent: 0,
          lastMinute: { restPoints: 6, graphqlPoints: 1, contentCreating: 1 },
          lastHour: { contentCreating: 1 },
          primary: {
            core: { limit: 100_000, used: 2, remaining: 99_998, reset: resetSeconds },
            graphql: { limit: 5000, used: 1, remaining: 4999, reset: resetSeconds },
          },
          hits: {
            primary: 0,
            concurrent: 0,
            restPointsPerMinute: 0,
            graphqlPointsPerMinute: 0,
            contentPerMinute: 0,
            contentPerHour: 0,
          },
        },
      },
    };
    expect(await set.json()).toEqual(expected);
    expect(await limitsState()).toEqual(expected);
    expect(sim.limits()).toEqual(expected.limits);

    for (const [body, reason] of [
      [{ primary: { core: -1 } }, "primary.core"],
      [{ secondary: { status: 500 } }, "secondary.status"],
      [{ secondary: { contentPerMinute: "20" } }, "secondary.contentPerMinute"],
      [{ bogus: true }, "bogus"],
    ] as const) {
      const bad = await postJson(`${sim.url}/_sandbox/limits`, body);
      expect(bad.status).toBe(400);
      const { message } = (await bad.json()) as { message: string };
      expect(message).toContain(reason);
      expect(message).not.toContain("\n");
    }
    expect(sim.limits()).toEqual(expected.limits);

    const reset = await postJson(`${sim.url}/_sandbox/limits`, { reset: true });
    expect(((await reset.json()) as { installations: object }).installations).toEqual({});
    sim.setLimits({ enabled: false, primary: { core: 1 } });
    expect((await rest("GET", repoPath)).status).toBe(200);
    const unlimited = await rest("GET", repoPath);
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get("x-ratelimit-used")).toBe("2");
  });
});
