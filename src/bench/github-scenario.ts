import { metric } from "./bench-report.ts";
import type { Scenario } from "./scenario.ts";

/** Pull requests opened per sample. */
const PULLS_PER_SAMPLE = 10;
const REPO = "zeromq/libzmq";

/**
 * GitHub API requests per evaluated pull request (issue 5; DESIGN.md:
 * GitHub's rate limit, not CPU, is the real ceiling). c4bot runs against the
 * GitHub simulator over real HTTP, as in `c4bot sandbox`; each sample opens
 * PULLS_PER_SAMPLE pull requests (7 correct ones that get merged, 3 with a
 * bad commit message), waits until everything settles, and divides the API
 * calls the simulator logged (REST, GraphQL, token requests) by the
 * verdicts the bot reached. Deterministic but for timing: samples vary
 * only when a merge needs a second look.
 */
export const githubScenario: Scenario = {
  name: "github",
  description: `GitHub API requests per evaluation, ${PULLS_PER_SAMPLE} PRs per sample against the simulator`,
  async run({ samples, progress }) {
    // The simulator loads GitHub's OpenAPI description (dev dependencies): only when asked.
    const { GitHubSimulator } = await import("../sandbox/github-simulator.ts");
    const { startBot } = await import("../server/start-bot.ts");
    const sim = new GitHubSimulator();
    await sim.start();
    let verdicts = 0;
    const bot = await startBot({
      ...sim.appCredentials,
      port: 0,
      logLevel: "fatal",
      reconcileAtStart: false,
      reconcileIntervalMs: 0,
      observer: { verdict: () => verdicts++ },
      // The pull request path alone: the community chores (welcome, triage,
      // follow-up) cost requests of their own, per issue rather than per verdict.
      extensions: {},
      timing: { pendingRecheckMs: 600_000, mergeableRecheckMs: 50, unknownMergeRecheckMs: 50 },
    });
    sim.setApp({ webhookUrl: bot.webhookUrl });
    const settle = async () => {
      for (let round = 0; round < 200; round++) {
        const before = `${sim.deliveries().length}/${sim.callCursor()}/${verdicts}`;
        await sim.settle();
        await bot.queue.idle();
        await new Promise((resolve) => setTimeout(resolve, 25));
        await sim.settle();
        await bot.queue.idle();
        if (`${sim.deliveries().length}/${sim.callCursor()}/${verdicts}` === before) return;
      }
      throw new Error("[c4bot] bench: the simulator and the bot did not settle");
    };
    try {
      sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter", "luca"] });
      const rates: number[] = [];
      for (let sample = 0; sample < samples; sample++) {
        const calls0 = sim.callCursor();
        const verdicts0 = verdicts;
        for (let i = 0; i < PULLS_PER_SAMPLE; i++) {
          const good = i % 10 < 7;
          const { number: issue } = sim.openIssue({
            repo: REPO,
            author: "alice",
            title: `Bug ${sample}.${i}`,
          });
          sim.openPull({
            repo: REPO,
            author: "alice",
            body: `Fixes #${issue}`,
            commits: [
              {
                message: good
                  ? `Problem: bug ${sample}.${i} bites\n\nSolution: fix it.`
                  : `fix bug ${sample}.${i}`,
              },
            ],
          });
        }
        await settle();
        const calls = sim.callCursor() - calls0;
        const evaluations = verdicts - verdicts0;
        if (evaluations === 0) throw new Error("[c4bot] bench: the bot evaluated nothing");
        rates.push(calls / evaluations);
        progress(
          `github: sample ${sample + 1}/${samples}: ${calls} API calls for ${evaluations} evaluations`,
        );
      }
      const violations = sim.violations();
      if (violations.length > 0) {
        throw new Error(`[c4bot] bench: the simulator saw bad requests: ${violations[0]?.message}`);
      }
      return [metric("github.requests_per_evaluation", "requests", "lower", rates)];
    } finally {
      await bot.close();
      await sim.close();
    }
  },
};
