import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalQueue } from "../../src/core/local-queue.ts";
import { HistoryStore } from "../../src/history/history-store.ts";
import type { VerdictEvent } from "../../src/jobs/observer.ts";
import { dashboardRoutes } from "../../src/server/dashboard/dashboard-routes.ts";
import { escapeHtml, html } from "../../src/server/dashboard/html.ts";

const TOKEN = "correct-horse-battery-staple";

function verdict(repo: string, number: number, title: string, isPrivate: boolean): VerdictEvent {
  return {
    repo,
    number,
    title,
    author: "mallory",
    headSha: "c".repeat(40),
    isPrivate,
    verdict: {
      decision: "reject",
      correct: false,
      results: [
        {
          rule: "commit-message",
          clause: "2.3.4",
          outcome: "fail",
          message: "<b>bad</b>",
          blocking: true,
        },
        { rule: "ci-green", clause: "2.3.9", outcome: "pass", message: "green", blocking: false },
      ],
    },
    merging: false,
    dryRun: false,
    at: "2026-11-20T10:00:00.000Z",
  };
}

describe("the dashboard's routes", () => {
  let server: FastifyInstance;
  let history: HistoryStore;
  let queue: LocalQueue;
  let benchDir: string;
  beforeEach(async () => {
    history = new HistoryStore();
    queue = new LocalQueue({ maxAttempts: 1 });
    benchDir = mkdtempSync(join(tmpdir(), "c4bot-bench-"));
    server = fastify();
    await dashboardRoutes({ history, queue, token: TOKEN, benchDir })(server);
  });
  afterEach(async () => {
    await server.close();
    await queue.close();
    history.close();
    rmSync(benchDir, { recursive: true, force: true });
  });

  const signIn = async () => {
    const response = await server.inject({
      method: "POST",
      url: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `token=${TOKEN}`,
    });
    expect(response.statusCode).toBe(303);
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    return cookie.split(";")[0] as string;
  };

  it("escapes titles, logins and rule messages (user input)", async () => {
    history.recordVerdict(verdict("zeromq/libzmq", 1, '<script>alert("x")</script>', false));
    const page = (await server.inject({ url: "/" })).body;
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(page).toContain("&lt;b&gt;bad&lt;/b&gt;");
  });

  it("shows a /c4 merge's reason beside the merge, escaped", async () => {
    history.recordVerdict(verdict("zeromq/libzmq", 1, "a patch", false));
    history.recordMerge({
      repo: "zeromq/libzmq",
      number: 1,
      sha: "d".repeat(40),
      forced: "Merged by @pieter under C4 2.4.16, though not a correct patch: to end <b>it</b>",
      at: "2026-11-20T11:00:00.000Z",
    });
    const page = (await server.inject({ url: "/" })).body;
    expect(page).toContain(
      '<span class="reason">Merged by @pieter under C4 2.4.16, though not a correct patch: to end &lt;b&gt;it&lt;/b&gt;</span>',
    );
  });

  it("shows private repositories only to a signed-in maintainer", async () => {
    history.recordVerdict(verdict("zeromq/libzmq", 1, "public patch", false));
    history.recordVerdict(verdict("acme/secret", 2, "secret patch", true));
    const anonymous = (await server.inject({ url: "/" })).body;
    expect(anonymous).toContain("public patch");
    expect(anonymous).not.toContain("secret");
    expect(anonymous).toContain('name="token"');

    const wrong = await server.inject({
      method: "POST",
      url: "/login",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "token=guess",
    });
    expect(wrong.headers.location).toBe("/?done=bad-token");
    expect(wrong.headers["set-cookie"]).toBeUndefined();

    const cookie = await signIn();
    const signedIn = (await server.inject({ url: "/", headers: { cookie } })).body;
    expect(signedIn).toContain("secret patch");
    expect(signedIn).toContain("acme");
    // A forged cookie is nobody.
    const forged = (await server.inject({ url: "/", headers: { cookie: "c4bot_session=00" } }))
      .body;
    expect(forged).not.toContain("secret patch");
  });

  it("retries a dead letter only for a maintainer with the form's csrf value", async () => {
    queue.start(async () => {
      throw new Error("GitHub answered 500 <twice>");
    });
    await queue.enqueue({ kind: "pull.evaluate", key: "zeromq/libzmq#7", payload: {} });
    await queue.idle();
    const [letter] = queue.deadLetters();
    expect(letter).toBeDefined();
    const anonymous = (await server.inject({ url: "/" })).body;
    expect(anonymous).not.toContain("zeromq/libzmq#7");
    expect(anonymous).toContain("1 job(s) failed every attempt");

    const refused = await server.inject({
      method: "POST",
      url: "/dead-letters/retry",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `id=${letter?.id}`,
    });
    expect(refused.statusCode).toBe(403);

    const cookie = await signIn();
    const page = (await server.inject({ url: "/", headers: { cookie } })).body;
    expect(page).toContain("zeromq/libzmq#7");
    expect(page).toContain("GitHub answered 500 &lt;twice&gt;");
    const csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page)?.[1];
    expect(csrf).toBeDefined();
    const noCsrf = await server.inject({
      method: "POST",
      url: "/dead-letters/retry",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: `id=${letter?.id}`,
    });
    expect(noCsrf.statusCode).toBe(403);

    const retried = await server.inject({
      method: "POST",
      url: "/dead-letters/retry",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: `id=${letter?.id}&csrf=${csrf}`,
    });
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toBe("/?done=retried#queue");
    await queue.idle();
    // It ran again (and failed again, into a new dead letter).
    expect(queue.stats().failed).toBe(2);
  });

  it("charts stored benchmark reports, skipping files that are not reports", async () => {
    const report = (date: string, median: number) =>
      JSON.stringify({
        version: 1,
        environment: { cpu: "x", cores: 2, node: "v20", commit: "abc1234def", date },
        metrics: [
          {
            id: "check.commits_per_second",
            unit: "commits/s",
            better: "higher",
            samples: [median],
            median,
          },
        ],
      });
    writeFileSync(join(benchDir, "a.json"), report("2026-11-01T00:00:00.000Z", 1000));
    writeFileSync(join(benchDir, "b.json"), report("2026-11-02T00:00:00.000Z", 1200));
    writeFileSync(join(benchDir, "broken.json"), "{not json");
    writeFileSync(join(benchDir, "notes.md"), "# hi");
    const page = (await server.inject({ url: "/" })).body;
    expect(page).toContain('data-metric="check.commits_per_second"');
    expect(page).toContain("2 run(s)");
    expect(page.match(/<circle/g)?.length).toBe(2);
  });

  it("shows each contributor's figures for the last 90 days, from the history", async () => {
    const judged = (number: number, author: string, decision: "merge" | "reject", at: string) => ({
      ...verdict("zeromq/czmq", number, `patch ${number}`, false),
      author,
      headSha: String(number).repeat(40).slice(0, 40),
      verdict: { decision, correct: decision === "merge", results: [] },
      at,
    });
    history.recordVerdict(judged(1, "alice", "merge", "2026-11-20T10:00:00.000Z"));
    history.recordMerge({
      repo: "zeromq/czmq",
      number: 1,
      sha: "m1",
      at: "2026-11-20T12:00:00.000Z",
    });
    history.recordVerdict(judged(2, "alice", "reject", "2026-11-21T10:00:00.000Z"));
    history.recordVerdict(judged(3, "bob", "merge", "2026-11-22T10:00:00.000Z"));
    const page = (await server.inject({ url: "/" })).body;
    const section = page.slice(page.indexOf('id="contributors"'), page.indexOf('id="bench"'));
    expect(section).toContain("3 patches, 1 merged, 67% correct");
    expect(section).toContain("median 2.0 h from last push to merge");
    const alice = section.slice(section.indexOf('data-contributor="alice"'));
    expect(alice).toMatch(/<td>2<\/td>\s*<td>1<\/td>\s*<td>50%<\/td>\s*<td>2\.0 h<\/td>/);
    expect(section).toContain('data-contributor="bob"');
  });

  it("sends a strict content security policy and no caching", async () => {
    const response = await server.inject({ url: "/" });
    expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("shows each installation's GitHub budget, and says until when one waits on GitHub", async () => {
    const page = fastify();
    const until = "2026-12-02T15:04:05.000Z";
    await dashboardRoutes({
      history,
      queue,
      budgets: () => [
        {
          installation: "7",
          primary: [{ resource: "core", limit: 5000, remaining: 4321, resetAt: until }],
          writes: { lastMinute: 80, lastHour: 312, perMinute: 80, perHour: 500 },
          waiting: { until, reason: 'GitHub\'s secondary rate limit (retry-after "60")' },
          queued: { reads: 0, writes: 2 },
          limitHits: { primary: 0, secondary: 1 },
        },
      ],
    })(page);
    const body = (await page.inject({ method: "GET", url: "/" })).body;
    await page.close();
    const row = /<tr data-installation="7">[\s\S]*?<\/tr>/.exec(body)?.[0] ?? "";
    expect(row).toContain("4,321 of 5,000");
    expect(row).toContain("not reported yet");
    expect(row).toContain("80 of 80");
    expect(row).toContain("312 of 500");
    expect(row).toContain("Waiting on GitHub until 15:04:05 UTC");
    // The reason is escaped like every other value.
    expect(row).toContain("&quot;60&quot;");
    expect(row).toContain("rate-limit answers: 1");
    // Said once more at the top, where people look first.
    expect(body).toMatch(
      /data-attention="rate-limit"[\s\S]*waiting for GitHub's rate limit until <time datetime="2026-12-02T15:04:05.000Z">2026-12-02 15:04 UTC/,
    );
  });

  it("offers no sign-in where no token is set, and says how to get one", async () => {
    const open = fastify();
    await dashboardRoutes({ history, queue })(open);
    queue.start(async () => {
      throw new Error("boom");
    });
    await queue.enqueue({ kind: "pull.evaluate", key: "zeromq/libzmq#7", payload: {} });
    await queue.idle();
    const body = (await open.inject({ url: "/" })).body;
    await open.close();
    expect(body).not.toContain('action="/login"');
    expect(body).not.toContain("sign in to see");
    expect(body).toContain("start c4bot with C4BOT_DASHBOARD_TOKEN to sign in here");
  });

  it("links pull requests and repositories to the configured GitHub's web address", async () => {
    const ghes = fastify();
    await dashboardRoutes({ history, queue, githubUrl: "https://ghe.example.com" })(ghes);
    history.recordVerdict(verdict("zeromq/libzmq", 12, "a patch", false));
    const body = (await ghes.inject({ url: "/" })).body;
    await ghes.close();
    expect(body).toContain('href="https://ghe.example.com/zeromq/libzmq/pull/12"');
    expect(body).toContain('href="https://ghe.example.com/zeromq/libzmq"');
    expect(body).toContain("2026-11-20 10:00 UTC");
  });

  it("shows a repository paused by a broken config, and a merge retry on its row", async () => {
    history.recordVerdict(verdict("zeromq/libzmq", 3, "a patch", false));
    const notice = {
      repo: "zeromq/czmq",
      number: null,
      installation: 1,
      isPrivate: false,
      until: null,
      at: "2026-11-20T11:00:00.000Z",
    };
    history.recordAttention({
      ...notice,
      kind: "config-broken",
      text: "Invalid .github/c4.yml: merging paused until it is fixed",
      details: ['.github/c4.yml:2:11: merge.method: got "<script>"'],
    });
    history.recordAttention({
      ...notice,
      kind: "merge-retry",
      repo: "zeromq/libzmq",
      number: 3,
      text: "merge failed: GitHub answered 502; retrying at 11:00:30 UTC",
      details: [],
      until: "2026-11-20T11:00:30.000Z",
    });
    const body = (await server.inject({ url: "/" })).body;
    expect(body).toContain('data-repo="zeromq/czmq" data-status="config-broken"');
    expect(body).toContain("merge.method: got &quot;&lt;script&gt;&quot;");
    expect(body).not.toContain("<script>");
    const row = /<tr data-pull="zeromq\/libzmq#3"[\s\S]*?<\/tr>/.exec(body)?.[0] ?? "";
    expect(row).toContain("merge failed: GitHub answered 502; retrying at 11:00:30 UTC");
  });

  it("answers /favicon.ico with an icon, not a 404", async () => {
    const icon = await server.inject({ url: "/favicon.ico" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/svg+xml");
    expect(icon.body).toMatch(/^<svg /);
  });
});

describe("html", () => {
  it("escapes interpolations but not nested html", () => {
    expect(html`<p>${"<i>"}${html`<b>${"&"}</b>`}</p>`.text).toBe("<p>&lt;i&gt;<b>&amp;</b></p>");
    expect(escapeHtml(`'"`)).toBe("&#39;&quot;");
  });
});
