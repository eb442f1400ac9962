import { describeHits, hitsSince, mergeCeiling, perMinute, secondaryHits } from "./budget-math.ts";
import { BUDGET_REPO, goodCommit, startBudgetWorld, waitFor } from "./budget-world.ts";

export interface BurstResult {
  pulls: number;
  /** From the first pull request opened to the last merge. */
  seconds: number;
  /** From the first pull request opened to the first merge. */
  firstMergeSeconds: number;
  mergedPerMinute: number;
  /** Content-creating requests the installation spent, per merged pull request. */
  writesPerMerge: number;
  /** The content-creating cap per minute over writesPerMerge. */
  ceilingPerMinute: number;
  /** mergedPerMinute / ceilingPerMinute. */
  ratio: number;
  secondaryHits: number;
  /** Which secondary limits were hit, how often (`describeHits`). */
  hitsByLimit: string;
}

/** Returning contributors: each has an earlier pull request, so nobody is welcomed. */
const AUTHORS = 10;

/**
 * `pulls` correct pull requests opened at once in one repository, by
 * AUTHORS returning contributors (a burst that size comes from people who
 * know the project: a series split into patches, a migration; first-time
 * contributors are the newcomers part's). Each author's earlier pull request
 * is a draft opened before the bot listened, which c4bot never merges and
 * nothing sweeps here. GitHub's limits, the bot's defaults.
 */
export async function measureBurst(
  pulls: number,
  progress: (line: string) => void,
): Promise<BurstResult> {
  const world = await startBudgetWorld();
  try {
    const { sim } = world;
    const cap = sim.limits().secondary.contentPerMinute;
    for (let i = 0; i < AUTHORS; i++) {
      sim.openPull({
        repo: BUDGET_REPO,
        author: `regular-${i}`,
        draft: true,
        body: "Problem: x",
        commits: [goodCommit(`draft ${i}`)],
      });
    }
    const bot = await world.startBot();
    sim.setApp({ webhookUrl: bot.webhookUrl });
    const cursor = sim.callCursor();
    const before = world.counts();
    const start = Date.now();
    for (let i = 0; i < pulls; i++) {
      sim.openPull({
        repo: BUDGET_REPO,
        author: `regular-${i % AUTHORS}`,
        body: "Problem: x",
        commits: [goodCommit(`burst ${i}`)],
      });
    }
    let reported = 0;
    await waitFor(
      `${pulls} merges`,
      () => {
        const merged = world.merges(cursor).length;
        if (merged >= reported + 20) {
          reported = merged - (merged % 20);
          progress(
            `budget: burst: ${merged}/${pulls} merged after ${((Date.now() - start) / 1000).toFixed(0)} s`,
          );
        }
        return merged >= pulls;
      },
      // At 80 writes a minute, two a merge: 1.5 s a pull request, and slack.
      60_000 + pulls * 3_000,
      500,
    );
    const times = world.merges(cursor).map((merge) => merge.at);
    const first = Math.min(...times);
    const last = Math.max(...times);
    await world.settle(bot);
    const after = world.counts();
    const merged = world.merges(cursor).length;
    const writesPerMerge = (after.contentCreating - before.contentCreating) / merged;
    const seconds = (last - start) / 1000;
    const mergedPerMinute = perMinute(merged, last - start);
    const ceilingPerMinute = mergeCeiling(cap, writesPerMerge);
    return {
      pulls,
      seconds,
      firstMergeSeconds: (first - start) / 1000,
      mergedPerMinute,
      writesPerMerge,
      ceilingPerMinute,
      ratio: mergedPerMinute / ceilingPerMinute,
      secondaryHits: secondaryHits(hitsSince(before.hits, after.hits)),
      hitsByLimit: describeHits(hitsSince(before.hits, after.hits)),
    };
  } finally {
    await world.close();
  }
}
