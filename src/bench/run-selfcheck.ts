import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchReport, joinSamples, type Metric } from "./bench-report.ts";
import { compareReports } from "./compare-reports.ts";
import type { MetricComparison } from "./comparison.ts";
import { mergeRounds } from "./merge-rounds.ts";
import { benchRun, listScenarios, runRounds } from "./run-rounds.ts";
import { SessionProcess } from "./session-process.ts";
import { SLOWDOWN_ENV } from "./slowdown.ts";

export interface SelfcheckOptions {
  /** The build to check (`dist/cli.js` in it). */
  dir: string;
  trials: number;
  rounds: number;
  /** `--samples` of a `bench run` (a scenario that cannot be sampled in turn). */
  samples: number;
  /** Samples per side and round when sampled in turn, and for the calibration. */
  steps: number;
  /** A scenario whose jobs honour C4BOT_BENCH_SLOWDOWN_US. */
  scenario: string;
  /** Its metric the slowdown must be caught on: in jobs/s or µs (per job). */
  metric: string;
  /** The injected slowdown: 0.2 makes each job take 20% longer. */
  slowdown: number;
  progress(line: string): void;
}

export interface SelfcheckResult {
  trials: number;
  /** Self-comparisons with `no change` on every metric. */
  quiet: number;
  /** Comparisons with the slowed build where the slowed metric was called `slower`. */
  caught: number;
  /** The slowdown injected in each trial, µs per job (calibrated before the trial). */
  slowdownMicros: number[];
  /** The slowed metric's ratio in each trial. */
  slowRatios: number[];
  /** The self-comparison's ratios, per trial, per metric. */
  selfRatios: number[];
}

/**
 * The proof that `bench ab` can be trusted (issue 5): `trials` times, run the
 * same build three ways in rotating order for `rounds` rounds: as base, as
 * an unchanged head, and as a head whose jobs each take `slowdown` longer
 * (C4BOT_BENCH_SLOWDOWN_US, calibrated just before each trial: the speed of
 * a shared machine drifts, and a slowdown sized on a slower moment would be
 * a bigger share of a job's time later, making the proof easier than it
 * claims). Base against
 * the unchanged head must say `no change` on every metric (a false alarm
 * otherwise); base against the slowed head must say `slower`.
 */
export async function runSelfcheck(options: SelfcheckOptions): Promise<SelfcheckResult> {
  const workDir = await mkdtemp(join(tmpdir(), "c4bot-selfcheck-"));
  try {
    const { interleaved } = await listScenarios(options.dir);
    const result: SelfcheckResult = {
      trials: options.trials,
      quiet: 0,
      caught: 0,
      slowdownMicros: [],
      slowRatios: [],
      selfRatios: [],
    };
    const scenarios = [options.scenario];
    for (let trial = 1; trial <= options.trials; trial++) {
      const trialDir = await mkdtemp(join(workDir, `trial-${trial}-`));
      const target = (await calibrate(options, interleaved, trialDir)).find(
        (m) => m.id === options.metric,
      );
      if (!target || (target.unit !== "jobs/s" && target.unit !== "µs")) {
        throw new Error(
          `[c4bot] bench selfcheck: scenario "${options.scenario}" reports no ${options.metric} in jobs/s or µs`,
        );
      }
      // A job's cost: 1/rate s, or the µs measured; `slowdown` of it more per job.
      const perJob = target.unit === "jobs/s" ? 1e6 / target.median : target.median;
      const micros = Math.round(options.slowdown * perJob * 100) / 100;
      result.slowdownMicros.push(micros);
      const sides = [
        { name: "base", dir: options.dir, scenarios, interleaved },
        { name: "same", dir: options.dir, scenarios, interleaved },
        {
          name: "slowed",
          dir: options.dir,
          scenarios,
          interleaved,
          env: { [SLOWDOWN_ENV]: String(micros) },
        },
      ];
      const [base, same, slowed] = (
        await runRounds({
          sides,
          rounds: options.rounds,
          samples: options.samples,
          interleavedSamples: options.steps,
          workDir: trialDir,
          progress: () => {},
        })
      ).map((rounds) => mergeRounds(rounds).report) as [BenchReport, BenchReport, BenchReport];
      // A different bootstrap seed per trial, as independent runs of `bench ab` would have.
      const self = compareReports(base, same, { seed: trial, rounds: options.rounds });
      const slow = compareReports(base, slowed, { seed: trial, rounds: options.rounds });
      const quiet = self.metrics.every((m) => m.verdict === "no change");
      const slowMetric = slow.metrics.find((m) => m.id === target.id) as MetricComparison;
      const caught = slowMetric.verdict === "slower";
      if (quiet) result.quiet++;
      if (caught) result.caught++;
      result.slowRatios.push(slowMetric.ratio ?? Number.NaN);
      result.selfRatios.push(...self.metrics.map((m) => m.ratio ?? Number.NaN));
      options.progress(
        `selfcheck: trial ${trial}/${options.trials}: ${target.id} ${target.median.toFixed(1)} ${target.unit}, injected ${micros} µs per job (${Math.round(options.slowdown * 100)}%): same build ${describe(self.metrics)}${quiet ? "" : "  <- FALSE ALARM"}; slowed ${describe([slowMetric])}${caught ? "" : "  <- MISSED"}`,
      );
    }
    return result;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The scenario's metrics on this build, unslowed, to size the slowdown: from
 * a warmed-up session, `steps` samples (the median, so one noisy moment of
 * the machine cannot inflate it), or else from one `bench run`.
 */
async function calibrate(
  options: SelfcheckOptions,
  interleaved: readonly string[],
  workDir: string,
): Promise<Metric[]> {
  const side = { name: "calibration", dir: options.dir, scenarios: [options.scenario] };
  if (interleaved.includes(options.scenario)) {
    const session = await SessionProcess.start(side, options.scenario, () => {});
    try {
      const samples: Metric[][] = [];
      for (let i = 0; i < options.steps; i++) samples.push(await session.sample());
      return joinSamples(samples);
    } finally {
      await session.close();
    }
  }
  const out = join(workDir, "calibration.json");
  await benchRun(side, options.samples, out, () => {});
  return (JSON.parse(await readFile(out, "utf8")) as BenchReport).metrics;
}

function describe(metrics: readonly MetricComparison[]): string {
  return metrics
    .map(
      (m) =>
        `${m.verdict} (${m.ratio?.toFixed(3)}x [${m.interval?.map((v) => v.toFixed(3)).join(", ")}], floor ${((m.noiseFloor ?? 0) * 100).toFixed(1)}%)`,
    )
    .join(", ");
}
