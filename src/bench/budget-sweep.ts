import { reconcileJob } from "../jobs/app-jobs.ts";
import { defaultRateLimits } from "../sandbox/rate-limit-config.ts";
import { describeHits, hitsSince, percentile, secondaryHits } from "./budget-math.ts";
import {
  BUDGET_REPO,
  type BudgetWorld,
  badCommit,
  goodCommit,
  sleep,
  startBudgetWorld,
  waitFor,
} from "./budget-world.ts";

export interface SweepSizes {
  /** Open, settled (rejected, evaluated once) pull requests. */
  open: number;
  /** Of those, how many get a new commit the bot is not told of: the sweep's work. */
  changed: number;
  /** Correct pull requests opened one at a time while the sweep runs. */
  fresh: number;
  /** Between two fresh pull requests. */
  freshGapMs: number;
}

export const defaultSweepSizes: SweepSizes = {
  open: 1000,
  changed: 300,
  fresh: 20,
  freshGapMs: 2000,
};

export interface SweepResult {
  unchanged: {
    /** API requests of a full sweep that finds nothing new, token requests excluded. */
    requests: number;
    /** The fewest such a sweep can make: one C4OpenPulls page per 100 pull requests. */
    pages: number;
    writes: number;
    seconds: number;
  };
  fresh: {
    /** Opening to first C4 check run, each fresh pull request, seconds. */
    seconds: number[];
    p50: number;
    p99: number;
    /** Changed pull requests the sweep had re-evaluated when the last fresh one got its check. */
    sweptMeanwhile: number;
    secondaryHits: number;
    /** Which secondary limits were hit, how often (`describeHits`). */
    hitsByLimit: string;
  };
}

/** Contributors of the seeded pull requests; the fresh ones come from them too. */
const AUTHORS = 50;

/**
 * A repository with `open` settled pull requests: an unchanged full sweep,
 * then a sweep with `changed` pull requests to evaluate again while fresh
 * correct pull requests arrive one at a time (webhooks on).
 */
export async function measureSweeps(
  sizes: SweepSizes,
  progress: (line: string) => void,
): Promise<SweepResult> {
  const world = await startBudgetWorld();
  try {
    await seed(world, sizes.open, progress);
    const { sim } = world;
    // The measured bot: GitHub's limits, c4bot's defaults, fresh counts.
    const bot = await world.startBot();
    sim.setApp({ webhookUrl: bot.webhookUrl });

    let cursor = sim.callCursor();
    let before = world.counts();
    let start = Date.now();
    await bot.queue.enqueue(reconcileJob());
    await world.settle(bot);
    const unchanged = {
      requests: sim.calls(cursor).filter((call) => !call.route.endsWith("/access_tokens")).length,
      pages: Math.ceil(sizes.open / 100),
      writes: world.counts().contentCreating - before.contentCreating,
      seconds: (Date.now() - start) / 1000,
    };
    progress(
      `budget: unchanged sweep of ${sizes.open}: ${unchanged.requests} requests, ${unchanged.writes} writes`,
    );

    // The sweep's work: new commits pushed while the webhooks were lost.
    sim.setApp({ webhookUrl: null });
    const changedHeads = new Set<string>();
    for (let number = 1; number <= sizes.changed; number++) {
      const { headSha } = sim.pushToPull({
        repo: BUDGET_REPO,
        number,
        commits: [badCommit(`again ${number}`)],
      });
      changedHeads.add(headSha);
    }
    sim.setApp({ webhookUrl: bot.webhookUrl });
    cursor = sim.callCursor();
    before = world.counts();
    start = Date.now();
    await bot.queue.enqueue(reconcileJob());
    const opened = new Map<string, number>();
    const firstCheck = new Map<string, number>();
    const poll = () => {
      for (const run of sim.state().checkRuns) {
        if (run.name === "C4" && opened.has(run.headSha) && !firstCheck.has(run.headSha)) {
          firstCheck.set(run.headSha, Date.now());
        }
      }
    };
    const poller = setInterval(poll, 100);
    try {
      for (let i = 0; i < sizes.fresh; i++) {
        if (i > 0) await sleep(sizes.freshGapMs);
        const { headSha } = sim.openPull({
          repo: BUDGET_REPO,
          author: `contributor-${i % AUTHORS}`,
          body: "Problem: x",
          commits: [goodCommit(`fresh ${i}`)],
        });
        opened.set(headSha, Date.now());
      }
      await waitFor(
        "the fresh pull requests' check runs",
        () => {
          poll();
          return firstCheck.size >= sizes.fresh;
        },
        120_000,
      );
    } finally {
      clearInterval(poller);
    }
    const swept = sim
      .state()
      .checkRuns.filter((run) => run.name === "C4" && changedHeads.has(run.headSha)).length;
    const seconds = [...opened].map(([sha, at]) => ((firstCheck.get(sha) as number) - at) / 1000);
    const fresh = {
      seconds,
      p50: percentile(seconds, 50),
      p99: percentile(seconds, 99),
      sweptMeanwhile: swept,
      secondaryHits: secondaryHits(hitsSince(before.hits, world.counts().hits)),
      hitsByLimit: describeHits(hitsSince(before.hits, world.counts().hits)),
    };
    progress(
      `budget: fresh during a sweep: p50 ${fresh.p50.toFixed(2)} s, p99 ${fresh.p99.toFixed(2)} s; secondary-limit hits: ${fresh.hitsByLimit}; the sweep had redone ${swept}/${sizes.changed} after ${((Date.now() - start) / 1000).toFixed(0)} s`,
    );
    progress(
      `budget: fresh, opening to first check run, in order: ${seconds.map((value) => value.toFixed(1)).join(", ")} s`,
    );
    return { unchanged, fresh };
  } finally {
    await world.close();
  }
}

/**
 * Opens `open` rejected pull requests and has them evaluated once. 1,000
 * evaluations write 1,000 check runs, twice GitHub's 500 an hour: so this
 * seeding bot and the simulator both get a far higher cap (a GHES
 * administrator can raise them), and once the bot is closed the simulator
 * is back to GitHub's limits with every count reset. The seeding bot runs
 * without the community tooling: nobody is measured welcoming here.
 */
async function seed(world: BudgetWorld, open: number, progress: (line: string) => void) {
  const { sim } = world;
  const high = 1_000_000;
  sim.setLimits({
    primary: { core: high, graphql: high },
    secondary: {
      contentPerMinute: high,
      contentPerHour: high,
      restPointsPerMinute: high,
      graphqlPointsPerMinute: high,
    },
  });
  const seeder = await world.startBot({
    extensions: {},
    githubLimits: {
      writesPerMinute: high,
      writesPerHour: high,
      restPointsPerMinute: high,
      graphqlPointsPerMinute: high,
    },
  });
  sim.setApp({ webhookUrl: seeder.webhookUrl });
  const start = Date.now();
  for (let i = 0; i < open; i++) {
    sim.openPull({
      repo: BUDGET_REPO,
      author: `contributor-${i % AUTHORS}`,
      body: "Problem: x",
      commits: [badCommit(`bug ${i}`)],
    });
    // A few hundred webhooks at a time: the seeding is not what is measured.
    if (i % 200 === 199) await world.settle(seeder);
  }
  await world.settle(seeder);
  const checked = sim.state().checkRuns.filter((run) => run.name === "C4").length;
  if (checked < open) {
    throw new Error(`[c4bot] bench: seeding evaluated ${checked} of ${open} pull requests`);
  }
  progress(
    `budget: seeded ${open} rejected pull requests in ${((Date.now() - start) / 1000).toFixed(0)} s`,
  );
  sim.setApp({ webhookUrl: null });
  await world.stopBot(seeder);
  sim.setLimits({ reset: true, ...structuredClone(defaultRateLimits) });
}
