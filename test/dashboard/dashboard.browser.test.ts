import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZmqQueue } from "../../src/core/zmq-queue.ts";
import { DEMO_REPO, type Demo, seedDemo } from "../../src/sandbox/seed-demo.ts";
import { goodCommit, startWorld, type World } from "../e2e/world.ts";

/*
 * The dashboard in a real browser (issue 6): Debian's Chromium driven by
 * playwright-core, against the sandbox's demo (the simulator and c4bot in
 * this process, as `c4bot sandbox` runs them).
 *
 *   chromium ──GET /, POST /login, POST /dead-letters/retry──▶ c4bot ◀──webhooks── simulator
 */
const CHROMIUM = "/usr/bin/chromium";
const TOKEN = "sandbox-maintainer-token";
const SCREENSHOT = join(tmpdir(), "c4bot-dashboard.png");
const present = existsSync(CHROMIUM);
const inCi = process.env.CI === "true";

if (!present && !inCi) {
  console.warn(
    `\n!!! ${CHROMIUM} is missing: the dashboard's browser tests are SKIPPED.\n!!! Install it with: apt-get install -y chromium (.ci/run does).\n`,
  );
}

describe("Chromium is there for the browser tests", () => {
  it.runIf(inCi)("under CI=true, a missing Chromium is a failure, not a skip", () => {
    expect(present, `${CHROMIUM} is missing: .ci/run must install chromium`).toBe(true);
  });
});

describe.runIf(present)("the dashboard in Chromium, on the sandbox", () => {
  let world: World;
  let demo: Demo;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let benchDir: string;

  beforeAll(async () => {
    benchDir = mkdtempSync(join(tmpdir(), "c4bot-bench-"));
    writeBenchReports(benchDir);
    world = await startWorld({
      reconcileAtStart: false,
      dashboardToken: TOKEN,
      benchDir,
      // Fail fast into the dead letters: two attempts, 20 ms apart.
      queue: new ZmqQueue({ maxAttempts: 2, backoffMs: () => 20 }),
    });
    demo = seedDemo(world.sim);
    world.sim.createRepo({ owner: "acme", name: "rocket", private: true, maintainers: ["wile"] });
    world.sim.openPull({
      repo: "acme/rocket",
      author: "roadrunner",
      title: "Problem: the secret engine stalls",
      body: "Problem: it stalls.",
      commits: [{ message: "faster" }],
    });
    await world.settle();

    profile = mkdtempSync(join(tmpdir(), "c4bot-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await world?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    if (benchDir) rmSync(benchDir, { recursive: true, force: true });
  });

  const decisionOf = (number: number) =>
    page.locator(`tr[data-pull="${DEMO_REPO}#${number}"]`).getAttribute("data-decision");

  it("lists the sandbox's pull requests with the right decisions, private ones hidden", async () => {
    await page.goto(`${world.bot.url}/`);
    expect(await page.title()).toBe("c4bot");
    const [merged, badMessage, topicBranch, own, ci] = demo.pulls;
    // Merged at once: no longer open, listed among the merges.
    await expect(
      page.locator(`tr[data-merge="${DEMO_REPO}#${merged?.number}"]`).count(),
    ).resolves.toBe(1);
    expect(await decisionOf(badMessage?.number ?? 0)).toBe("reject");
    expect(await decisionOf(topicBranch?.number ?? 0)).toBe("reject");
    expect(await decisionOf(own?.number ?? 0)).toBe("wait");
    expect(await decisionOf(ci?.number ?? 0)).toBe("wait");
    // Each rule's outcome, with the failing one marked.
    const cell = page.locator(
      `tr[data-pull="${DEMO_REPO}#${badMessage?.number}"] td[data-rule="commit-message"]`,
    );
    expect(await cell.getAttribute("data-outcome")).toBe("fail");
    expect(
      await page
        .locator(`tr[data-pull="${DEMO_REPO}#${ci?.number}"] td[data-rule="ci-green"]`)
        .getAttribute("data-outcome"),
    ).toBe("pending");
    // A private repository is not shown to the public.
    expect(await page.content()).not.toContain("acme/rocket");
    expect(await page.locator("body").textContent()).toContain("sign in to see private ones");
  });

  it("shows private repositories once a maintainer signs in with the token", async () => {
    await page.fill('input[name="token"]', TOKEN);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(/done=signed-in/);
    expect(await page.locator('tr[data-pull="acme/rocket#1"]').getAttribute("data-decision")).toBe(
      "reject",
    );
    expect(await page.locator(".badge.private").count()).toBe(1);
    // The benchmark chart: one line per metric, one dot per stored report.
    const chart = page.locator('figure[data-metric="check.commits_per_second"]');
    expect(await chart.locator("circle").count()).toBe(4);
    expect((await chart.locator("svg").boundingBox())?.width).toBeGreaterThan(100);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("retries a dead letter from the page", async () => {
    // Writing the new pull request's check run fails twice (422 is not retried
    // inside Octokit): two attempts, then a dead letter.
    world.sim.addFault({
      method: "POST",
      route: "/repos/{owner}/{repo}/check-runs",
      status: 422,
      times: 2,
    });
    const { number } = world.sim.openPull({
      repo: DEMO_REPO,
      author: "erin",
      body: "Problem: the socket leaks",
      commits: [goodCommit],
    });
    // The retry waits as a delayed job, which settling does not wait for.
    for (let i = 0; i < 100 && world.bot.queue.deadLetters().length === 0; i++) {
      await world.settle();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [letter] = world.bot.queue.deadLetters();
    expect(letter?.job.key).toBe(`${DEMO_REPO}#${number}`);

    await page.goto(`${world.bot.url}/`);
    const row = page.locator(`tr[data-dead="${letter?.id}"]`);
    expect(await row.textContent()).toContain(letter?.error ?? "?");
    expect(await page.locator('[data-stat="dead letters"] .value').textContent()).toBe("1");
    await page.locator("#queue").screenshot({ path: join(tmpdir(), "c4bot-dead-letter.png") });
    await row.locator('button:has-text("Retry")').click();
    await page.waitForURL(/done=retried/);
    expect(await page.locator(".notice.ok").textContent()).toContain("back in the queue");

    await world.settle();
    expect(world.bot.queue.deadLetters()).toEqual([]);
    expect(world.pull(DEMO_REPO, number).merged).toBe(true);
    await page.goto(`${world.bot.url}/`);
    expect(await page.locator(`tr[data-dead]`).count()).toBe(0);
    expect(await page.locator(`tr[data-merge="${DEMO_REPO}#${number}"]`).count()).toBe(1);
  });

  it("moves the waiting patches to the merges when CI finishes and a maintainer approves", async () => {
    for (const move of demo.later) {
      move.run();
      await world.settle();
    }
    await page.goto(`${world.bot.url}/`);
    for (const pull of demo.pulls.filter((p) => p.merges)) {
      expect(await page.locator(`tr[data-merge="${DEMO_REPO}#${pull.number}"]`).count()).toBe(1);
      expect(await page.locator(`tr[data-pull="${DEMO_REPO}#${pull.number}"]`).count()).toBe(0);
    }
  });
});

/** Four stored `c4bot bench run` reports (src/bench/bench-report.ts, version 1), a day apart. */
function writeBenchReports(dir: string): void {
  const medians = [
    [41_200, 0.012],
    [43_900, 0.011],
    [42_700, 0.0105],
    [47_100, 0.0098],
  ];
  medians.forEach(([commits, latency], day) => {
    const metric = (id: string, unit: string, better: string, median: number) => ({
      id,
      unit,
      better,
      samples: [median],
      median,
    });
    const report = {
      version: 1,
      environment: {
        cpu: "test",
        cores: 2,
        node: process.version,
        commit: `${day}`.repeat(40),
        date: new Date(Date.UTC(2026, 10, 20 + day)).toISOString(),
      },
      metrics: [
        metric("check.commits_per_second", "commits/s", "higher", commits as number),
        metric("core.job_latency_p50", "s", "lower", latency as number),
      ],
    };
    writeFileSync(join(dir, `bench-${day}.json`), JSON.stringify(report));
  });
}
