import { markers } from "../community/community-text.ts";
import { describeHits, hitsSince, secondaryHits } from "./budget-math.ts";
import { BUDGET_REPO, goodCommit, startBudgetWorld, waitFor } from "./budget-world.ts";

export interface NewcomersResult {
  authors: number;
  /** From the last pull request opened to the last merge. */
  seconds: number;
  merged: number;
  /** Welcome comments posted (the community tooling, on as in `c4bot serve`). */
  welcomed: number;
  writes: number;
  secondaryHits: number;
  /** Which secondary limits were hit, how often (`describeHits`). */
  hitsByLimit: string;
}

/**
 * `authors` first-time contributors each open a correct pull request in the
 * same repository at once: every one is welcomed and merged. GitHub's
 * limits, the bot's defaults.
 */
export async function measureNewcomers(
  authors: number,
  progress: (line: string) => void,
): Promise<NewcomersResult> {
  const world = await startBudgetWorld();
  try {
    const { sim } = world;
    const bot = await world.startBot();
    sim.setApp({ webhookUrl: bot.webhookUrl });
    const cursor = sim.callCursor();
    const before = world.counts();
    for (let i = 0; i < authors; i++) {
      sim.openPull({
        repo: BUDGET_REPO,
        author: `newcomer-${i}`,
        body: "Problem: x",
        commits: [goodCommit(`newcomer ${i}`)],
      });
    }
    const lastOpened = Date.now();
    await waitFor(`${authors} merges`, () => world.merges(cursor).length >= authors, 180_000, 100);
    const last = Math.max(...world.merges(cursor).map((merge) => merge.at));
    await world.settle(bot);
    const after = world.counts();
    const welcomed = sim
      .state()
      .comments.filter((comment) => comment.body.includes(markers.welcome)).length;
    const result = {
      authors,
      seconds: (last - lastOpened) / 1000,
      merged: world.merges(cursor).length,
      welcomed,
      writes: after.contentCreating - before.contentCreating,
      secondaryHits: secondaryHits(hitsSince(before.hits, after.hits)),
      hitsByLimit: describeHits(hitsSince(before.hits, after.hits)),
    };
    progress(
      `budget: ${authors} newcomers: merged ${result.merged} within ${result.seconds.toFixed(1)} s, ${welcomed} welcomed, secondary-limit hits: ${result.hitsByLimit}`,
    );
    return result;
  } finally {
    await world.close();
  }
}
