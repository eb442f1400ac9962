import { expect } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { type BotOptions, type RunningBot, startBot } from "../../src/server/start-bot.ts";

export interface World {
  sim: GitHubSimulator;
  bot: RunningBot;
  /** Waits until webhooks, jobs and API calls have all stopped moving. */
  settle(): Promise<void>;
  /** The pull request as the simulator holds it. */
  pull(repo: string, number: number): ReturnType<GitHubSimulator["state"]>["pulls"][number];
  /** The `C4` check run on a head. */
  c4Run(headSha: string): ReturnType<GitHubSimulator["state"]>["checkRuns"][number] | undefined;
  /** Opens a correct patch from alice's fork on zeromq/libzmq, with any field overridden. */
  openPull(
    spec?: Partial<Parameters<GitHubSimulator["openPull"]>[0]>,
  ): ReturnType<GitHubSimulator["openPull"]>;
  /** PUT .../merge calls that succeeded. */
  merges(): number;
  close(): Promise<void>;
}

/** The simulator and c4bot wired to each other over real HTTP, as in `c4bot sandbox`. */
export async function startWorld(options: Partial<BotOptions> = {}): Promise<World> {
  const sim = new GitHubSimulator();
  await sim.start();
  const bot = await startBot({
    ...sim.appCredentials,
    port: 0,
    logLevel: "fatal",
    timing: { pendingRecheckMs: 60_000, mergeableRecheckMs: 50, unknownMergeRecheckMs: 50 },
    // The core's tests count its own calls and comments: the community tooling
    // (on by default in startBot) is tested in test/community, which asks for it.
    extensions: {},
    // As in `c4bot sandbox`: the dashboard's links open the simulator's pages.
    githubUrl: sim.url,
    ...options,
  });
  sim.setApp({ webhookUrl: bot.webhookUrl });
  return {
    sim,
    bot,
    async settle() {
      for (let round = 0; round < 100; round++) {
        const before = `${sim.deliveries().length}/${sim.callCursor()}`;
        await sim.settle();
        await bot.queue.idle();
        await new Promise((resolve) => setTimeout(resolve, 25));
        await sim.settle();
        await bot.queue.idle();
        if (`${sim.deliveries().length}/${sim.callCursor()}` === before) return;
      }
      throw new Error("the world did not settle in 100 rounds");
    },
    openPull(spec = {}) {
      return sim.openPull({
        repo: REPO,
        author: "alice",
        body: "Problem: x",
        commits: [goodCommit],
        ...spec,
      });
    },
    pull(repo, number) {
      const found = sim.state().pulls.find((p) => p.repo === repo && p.number === number);
      if (!found) throw new Error(`no pull request ${repo}#${number}`);
      return found;
    },
    c4Run(headSha) {
      return sim.state().checkRuns.find((run) => run.name === "C4" && run.headSha === headSha);
    },
    merges() {
      return sim
        .calls()
        .filter(
          (call) => call.method === "PUT" && call.route.endsWith("/merge") && call.status === 200,
        ).length;
    },
    async close() {
      await bot.close();
      await sim.close();
    },
  };
}

export const goodCommit = {
  message: "Problem: the parser drops the last line\n\nSolution: read to the end of the buffer.",
};

export const REPO = "zeromq/libzmq";

/** Closes the world once the simulator has seen no request GitHub would refuse. */
export async function closeHonestWorld(world: World): Promise<void> {
  expect(world.sim.violations()).toEqual([]);
  await world.close();
}
