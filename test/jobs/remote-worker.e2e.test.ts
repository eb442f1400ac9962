import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { startBot } from "../../src/server/start-bot.ts";
import { waitFor } from "../core/helpers.ts";
import { spawnAppWorker } from "./app-worker.ts";

/*
 *  simulator ──issues.opened──▶ c4bot serve (C4BOT_WORKERS=0: a broker only)
 *      ▲                            │ community.welcome over ipc://
 *      │                            ▼
 *      └──── the welcome comment ── c4bot worker (a real process, needs `npm run build`)
 */
describe("a remote c4bot worker runs every kind an in-process one runs", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it("welcomes a first-time contributor's issue, and dead-letters an unknown kind", async () => {
    const sim = new GitHubSimulator();
    await sim.start();
    const endpoint = `ipc://${join(tmpdir(), `c4bot-remote-worker-${process.pid}.sock`)}`;
    const bot = await startBot({
      ...sim.appCredentials,
      port: 0,
      logLevel: "fatal",
      reconcileAtStart: false,
      workers: 0,
      remoteWorkers: [{ endpoint }],
      extensions: communityExtensions(),
    });
    sim.setApp({ webhookUrl: bot.webhookUrl });
    const worker = spawnAppWorker(endpoint, sim);
    close = async () => {
      worker.child.kill("SIGKILL");
      await bot.close();
      await sim.close();
    };

    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    const issue = sim.openIssue({
      repo: "zeromq/libzmq",
      author: "alice",
      title: "zmq_send crashes on a full pipe",
      body: "When I send 3 frames on a full pipe I get a segfault.",
    });
    const welcomes = () =>
      sim
        .state()
        .comments.filter(
          (c) =>
            c.number === issue.number &&
            c.author === sim.botLogin &&
            c.body.includes("c4bot:welcome"),
        );
    await waitFor(() => welcomes().length > 0, `the welcome comment (${worker.stderr()})`, 30_000);
    expect(welcomes()[0]?.body).toContain("Welcome, @alice");

    await bot.queue.enqueue({ kind: "nobody.knows", key: "zeromq/libzmq", payload: {} });
    await waitFor(() => bot.queue.deadLetters().length > 0, "the dead letter", 10_000);
    expect(bot.queue.deadLetters()).toEqual([
      expect.objectContaining({
        job: expect.objectContaining({ kind: "nobody.knows" }),
        error: 'unknown job kind "nobody.knows"',
        attempts: 1,
      }),
    ]);
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    expect(metrics).toMatch(/^c4bot_dead_letters 1$/m);
    expect(metrics).toMatch(/^c4bot_jobs_total\{state="dead_lettered"\} 1$/m);
    expect(sim.violations()).toEqual([]);
  }, 60_000);
});
