import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
/** Screenshots for a human to look at (git-ignored); each test prints its path. */
const SHOTS = fileURLToPath(new URL("../../test-output/dashboard/", import.meta.url));
const shot = (name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, name);
  console.log(`screenshot: ${path}`);
  return path;
};
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
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
    // A repository whose config a maintainer broke: paused, and said so.
    world.sim.createRepo({
      owner: "zeromq",
      name: "czmq",
      maintainers: ["pieter"],
      config: 'merge:\n  method: "<i>octopus</i>"\n',
    });
    world.sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: zsock leaks",
      commits: [{ message: "Problem: zsock leaks\n\nSolution: free it." }],
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
      viewport: DESKTOP,
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
    await page.screenshot({ path: shot("desktop-signed-in.png"), fullPage: true });
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
    const { number, headSha } = world.sim.openPull({
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
    // The demo project runs CI, so the patch merges once its check is green (C4 2.3.6).
    world.sim.setCheck({
      repo: DEMO_REPO,
      sha: headSha,
      name: "build",
      status: "completed",
      conclusion: "success",
    });

    await page.goto(`${world.bot.url}/`);
    const row = page.locator(`tr[data-dead="${letter?.id}"]`);
    expect(await row.textContent()).toContain(letter?.error ?? "?");
    expect(await page.locator('[data-stat="dead letters"] .value').textContent()).toBe("1");
    await page.locator("#queue").screenshot({ path: shot("dead-letter.png") });
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

  it("links every pull request and repository to GitHub: the simulator's pages here", async () => {
    await page.goto(`${world.bot.url}/`);
    const [, badMessage] = demo.pulls;
    const pullLink = page.locator(`tr[data-pull="${DEMO_REPO}#${badMessage?.number}"] a.ref`);
    expect(await pullLink.getAttribute("href")).toBe(
      `${world.sim.url}/${DEMO_REPO}/pull/${badMessage?.number}`,
    );
    expect(
      await page.locator(`.repo[data-repo="${DEMO_REPO}"] h4 a.ref`).getAttribute("href"),
    ).toBe(`${world.sim.url}/${DEMO_REPO}`);
    await pullLink.click();
    await page.waitForURL(`${world.sim.url}/**`);
    const shown = JSON.parse((await page.locator("body").textContent()) ?? "{}");
    expect(shown).toMatchObject({ repo: DEMO_REPO, number: badMessage?.number });
    expect(shown.checkRuns.map((run: { name: string }) => run.name)).toContain("C4");
  });

  it("shows a broken config per repository, its errors escaped, and says times are UTC", async () => {
    await page.goto(`${world.bot.url}/`);
    const repo = page.locator('.repo[data-repo="zeromq/czmq"]');
    expect(await repo.getAttribute("data-status")).toBe("config-broken");
    const status = repo.locator(".status.broken");
    expect(await status.textContent()).toContain("Configuration broken, merging paused");
    // The error quotes the file: shown as text, never as markup.
    expect(await status.locator("pre.details").textContent()).toContain("<i>octopus</i>");
    expect(await status.locator("i").count()).toBe(0);
    expect(await page.locator('[data-attention="config-broken"]').count()).toBe(1);
    for (const time of await page.locator("td.time").allTextContents()) {
      expect(time).toMatch(/UTC$/);
    }
    expect(await page.locator("footer").textContent()).toContain("UTC");
    // The contributor bars say what they measure.
    expect(await page.locator("td.bar .bar-label").first().textContent()).toMatch(
      /^\d+% \(\d+ of \d+\)$/,
    );
  });

  it("loads with no failed request, its icon included", async () => {
    const failed: string[] = [];
    const listener = (response: { status(): number; url(): string }) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    };
    page.on("response", listener);
    await page.goto(`${world.bot.url}/`);
    const icon = await page.request.get(`${world.bot.url}/favicon.ico`);
    page.off("response", listener);
    expect(failed).toEqual([]);
    expect(icon.status()).toBe(200);
    expect(icon.headers()["content-type"]).toBe("image/svg+xml");
  });

  it("fits a phone's width (390 px), with every rule's outcome readable", async () => {
    await page.setViewportSize(PHONE);
    try {
      await page.goto(`${world.bot.url}/`);
      // Run in the page, where `document` exists (this file is compiled without the DOM's types).
      const width = await page.evaluate("document.documentElement.scrollWidth");
      expect(width).toBeLessThanOrEqual(PHONE.width);
      // Each rule's mark carries its name on a phone, inside the screen.
      const [, badMessage] = demo.pulls;
      const cell = page.locator(
        `tr[data-pull="${DEMO_REPO}#${badMessage?.number}"] td[data-rule="commit-message"]`,
      );
      expect(await cell.locator(".sr").isVisible()).toBe(true);
      expect(await cell.textContent()).toContain("commit-message: fail");
      const box = await cell.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      expect(await page.locator(".status.broken").isVisible()).toBe(true);
      await page.screenshot({ path: shot("phone-390.png"), fullPage: true });
      // Signed out, the sign-in form fits too.
      await page.context().clearCookies();
      await page.goto(`${world.bot.url}/`);
      expect(await page.locator('input[name="token"]').isVisible()).toBe(true);
      expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
        PHONE.width,
      );
      await page.screenshot({ path: shot("phone-390-signed-out.png") });
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    await page.goto(`${world.bot.url}/`);
    await page.screenshot({ path: shot("desktop-1280.png"), fullPage: true });
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
