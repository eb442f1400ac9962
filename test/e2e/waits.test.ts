import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { evaluateJob } from "../../src/jobs/app-jobs.ts";
import { REPO, startWorld, type World } from "./world.ts";

const MERGE_ROUTE = "/repos/{owner}/{repo}/pulls/{pull_number}/merge";

/** Every line the bot logged, as pino wrote it (JSON). */
function captureLog(world: World): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  for (const level of ["info", "warn", "error"] as const) {
    const original = world.bot.probot.log[level].bind(world.bot.probot.log);
    world.bot.probot.log[level] = ((object: unknown, message?: string) => {
      lines.push({ level, ...(typeof object === "object" ? object : {}), msg: message });
      return original(object as object, message as string);
    }) as typeof original;
  }
  return lines;
}

/*
 * What people wait for is said (issue 21): a broken config, a merge retry, a
 * dead installation, in the check run, the log and the dashboard.
 */
describe("what people wait for", () => {
  let world: World;
  let log: Record<string, unknown>[];
  beforeEach(async () => {
    world = await startWorld({
      // A retry far enough away to look at the page while it waits.
      timing: { pendingRecheckMs: 60_000, mergeableRecheckMs: 50, unknownMergeRecheckMs: 60_000 },
    });
    log = captureLog(world);
    world.sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    await world.settle();
  });
  afterEach(async () => {
    await world.close();
  });

  const page = async () => (await world.bot.server.inject({ url: "/" })).body;

  it("shows a broken .github/c4.yml on the dashboard, escaped, until it is fixed", async () => {
    world.sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        {
          message: "Problem: config\n\nSolution: break it.",
          files: { ".github/c4.yml": 'merge:\n  method: "<b>octopus</b>"\n' },
        },
      ],
    });
    const { number, headSha } = world.openPull();
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    expect(world.c4Run(headSha)?.conclusion).toBe("failure");

    const broken = await page();
    expect(broken).toContain('data-repo="zeromq/libzmq" data-status="config-broken"');
    expect(broken).toContain("Configuration broken, merging paused");
    expect(broken).toMatch(
      /<pre class="details">[^<]*merge\.method[^<]*&lt;b&gt;octopus&lt;\/b&gt;/,
    );
    expect(broken).not.toContain("<b>octopus</b>");
    expect(broken).toContain('data-attention="config-broken"');
    expect(log.filter((line) => String(line.msg).startsWith("Invalid .github/c4.yml"))).not.toEqual(
      [],
    );

    world.sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        { message: "Problem: config\n\nSolution: fix it.", files: { ".github/c4.yml": "" } },
      ],
    });
    world.sim.addComment({ repo: REPO, number, author: "alice", body: "/c4 recheck" });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    const fixed = await page();
    expect(fixed).not.toContain("Configuration broken");
    expect(fixed).not.toContain('data-attention="config-broken"');
  });

  it("says a merge retry after a 502 in the check run, one log line and the dashboard", async () => {
    world.sim.addFault({ method: "PUT", route: MERGE_ROUTE, status: 502, times: 1 });
    const { number, headSha } = world.openPull();
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    const run = world.c4Run(headSha);
    expect(run?.output.title).toMatch(
      /^Correct patch: merge failed: GitHub answered 502; retrying at \d\d:\d\d:\d\d UTC$/,
    );
    expect(run?.conclusion).toBe("success");
    const said = log.filter((line) => String(line.msg).startsWith("merge failed"));
    expect(said).toHaveLength(1);
    expect(said[0]?.err).toBeUndefined();
    const waiting = await page();
    expect(waiting).toContain('data-waits="merge-retry"');
    expect(waiting).toMatch(/merge failed: GitHub answered 502; retrying at \d\d:\d\d:\d\d UTC/);

    // The retry: evaluated again, merged, and the notice is gone.
    await world.bot.queue.enqueue(
      evaluateJob({
        installationId: world.sim.state().installationId,
        owner: "zeromq",
        repo: "libzmq",
        number,
      }),
    );
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(await page()).not.toContain("merge-retry");
  });

  it("says a wait for GitHub's rate limit in one log line per job and on the dashboard", async () => {
    // GitHub's secondary rate limit on the snapshot: a minute's wait, too long for a worker.
    world.sim.addFault({ method: "POST", route: "graphql", status: 403, retryAfter: 60, times: 1 });
    world.openPull();
    await world.settle();
    const waits = log.filter((line) =>
      String(line.msg).startsWith("waiting for GitHub's rate limit"),
    );
    expect(waits).toHaveLength(1);
    expect(waits[0]?.msg).toMatch(/^waiting for GitHub's rate limit until \d\d:\d\d:\d\d UTC$/);
    expect(await page()).toMatch(
      /data-attention="rate-limit"[\s\S]*waiting for GitHub's rate limit until <time/,
    );
  });

  it("drops the jobs of an installation GitHub no longer knows: one line, no retries, on the dashboard", async () => {
    const before = world.sim.calls().length;
    await world.bot.queue.enqueue(
      evaluateJob({ installationId: 424242, owner: "gone", repo: "away", number: 1 }),
    );
    await world.settle();
    // One token request, refused; no retry.
    const tokenCalls = world.sim
      .calls(before)
      .filter((call) => call.route === "/app/installations/{installation_id}/access_tokens");
    expect(tokenCalls.map((call) => call.status)).toEqual([404]);
    const [letter] = world.bot.queue.deadLetters();
    expect(letter?.attempts).toBe(1);
    expect(letter?.error).toMatch(/^GitHub no longer knows installation 424242/);
    const lines = log.filter((line) => JSON.stringify(line).includes("424242"));
    expect(lines.some((line) => "err" in line)).toBe(false);
    expect(world.bot.history.attention({ includePrivate: true })).toMatchObject([
      { kind: "installation-gone", installation: 424242 },
    ]);
    // Private matter: only a signed-in maintainer sees it (no token here: nobody).
    expect(await page()).not.toContain('data-attention="installation-gone"');
  });
});
