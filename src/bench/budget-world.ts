import type { GitHubSimulator } from "../sandbox/github-simulator.ts";
import type { BotOptions, RunningBot } from "../server/start-bot.ts";

export const BUDGET_REPO = "zeromq/libzmq";

/** A correct patch (C4 2.3): c4bot merges it. */
export const goodCommit = (tag: string) => ({
  message: `Problem: ${tag} drops the last line\n\nSolution: read to the end of the buffer.`,
});

/** A patch c4bot rejects: no Problem/Solution. */
export const badCommit = (tag: string) => ({ message: `fix ${tag}` });

/** What the simulator counted for the one installation (`GET /_sandbox/limits`). */
export interface InstallationCounts {
  requests: number;
  contentCreating: number;
  hits: Record<string, number>;
}

/**
 * The GitHub simulator with its limits on (GitHub's published ones unless
 * a part says otherwise) and one repository, and c4bot started against it as
 * `c4bot serve` runs it, over real HTTP.
 */
export interface BudgetWorld {
  sim: GitHubSimulator;
  /** Starts c4bot (the simulator's credentials; the given options on top). */
  startBot(options?: Partial<BotOptions>): Promise<RunningBot>;
  /** Closes a bot started here (close() closes those still running). */
  stopBot(bot: RunningBot): Promise<void>;
  counts(): InstallationCounts;
  /** PUT .../merge calls that merged, with when (ms since the epoch). */
  merges(since?: number): { at: number; path: string }[];
  /** Waits until webhooks, jobs and API calls have all stopped moving. */
  settle(bot: RunningBot): Promise<void>;
  close(): Promise<void>;
}

export async function startBudgetWorld(): Promise<BudgetWorld> {
  // The simulator loads GitHub's OpenAPI description (dev dependencies): only when asked.
  const { GitHubSimulator } = await import("../sandbox/github-simulator.ts");
  const { startBot } = await import("../server/start-bot.ts");
  const sim = new GitHubSimulator();
  await sim.start();
  sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
  const bots: RunningBot[] = [];
  return {
    sim,
    async startBot(options = {}) {
      const bot = await startBot({
        ...sim.appCredentials,
        port: 0,
        logLevel: "fatal",
        // Each part sweeps when it says so; the reconciler's 15 minutes would
        // otherwise start one in the middle of a measurement.
        reconcileAtStart: false,
        reconcileIntervalMs: 0,
        ...options,
      });
      bots.push(bot);
      return bot;
    },
    async stopBot(bot) {
      const at = bots.indexOf(bot);
      if (at >= 0) bots.splice(at, 1);
      await bot.close();
    },
    counts() {
      const found = sim.limitsState().installations[String(sim.installationId)];
      return {
        requests: found?.requests ?? 0,
        contentCreating: found?.contentCreating ?? 0,
        hits: { ...(found?.hits ?? {}) },
      };
    },
    merges(since = 0) {
      return sim
        .calls(since)
        .filter(
          (call) => call.method === "PUT" && call.route.endsWith("/merge") && call.status === 200,
        )
        .map((call) => ({ at: Date.parse(call.at), path: call.path }));
    },
    async settle(bot) {
      for (let round = 0; round < 1000; round++) {
        const before = `${sim.deliveries().length}/${sim.callCursor()}`;
        await sim.settle();
        await bot.queue.idle();
        await sleep(50);
        await sim.settle();
        await bot.queue.idle();
        if (`${sim.deliveries().length}/${sim.callCursor()}` === before) return;
      }
      throw new Error("[c4bot] bench: the simulator and the bot did not settle");
    },
    async close() {
      for (const bot of bots.splice(0)) await bot.close();
      await sim.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every `everyMs` until it is true; throws after `timeoutMs`. */
export async function waitFor(
  what: string,
  done: () => boolean,
  timeoutMs: number,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`[c4bot] bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
