import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchReport } from "./bench-report.ts";
import { compareReports } from "./compare-reports.ts";
import type { MetricComparison } from "./comparison.ts";
import { mergeRounds } from "./merge-rounds.ts";
import { benchRun, runRounds } from "./run-rounds.ts";
import { SLOWDOWN_ENV } from "./slowdown.ts";

export interface SelfcheckOptions {
  /** The build to check (`dist/cli.js` in it). */
  dir: string;
  trials: number;
  rounds: number;
  samples: number;
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
  slowdownMicros: number;
  /** The slowed metric's ratio in each trial. */
  slowRatios: number[];
  /** The self-comparison's ratios, per trial, per metric. */
  selfRatios: number[];
}

/**
 * The proof that `bench ab` can be trusted (issue 5): `trials` times, run the
 * same build three ways in rotating order for `rounds` rounds: as base, as
 * an unchanged head, and as a head whose jobs each take `slowdown` longer
 * (C4BOT_BENCH_SLOWDOWN_US, calibrated once from a first run). Base against
 * the unchanged head must say `no change` on every metric (a false alarm
 * otherwise); base against the slowed head must say `slower`.
 */
export async function runSelfcheck(options: SelfcheckOptions): Promise<SelfcheckResult> {
  const workDir = await mkdtemp(join(tmpdir(), "c4bot-selfcheck-"));
  try {
    const calibration = join(workDir, "calibration.json");
    await benchRun(
      { name: "calibration", dir: options.dir, scenarios: [options.scenario] },
      options.samples,
      calibration,
      () => {},
    );
    const report = JSON.parse(await readFile(calibration, "utf8")) as BenchReport;
    const target = report.metrics.find((m) => m.id === options.metric);
    if (!target || (target.unit !== "jobs/s" && target.unit !== "µs")) {
      throw new Error(
        `[c4bot] bench selfcheck: scenario "${options.scenario}" reports no ${options.metric} in jobs/s or µs`,
      );
    }
    // A job's cost: 1/rate s, or the µs measured; `slowdown` of it more per job.
    const perJob = target.unit === "jobs/s" ? 1e6 / target.median : target.median;
    const micros = Math.round(options.slowdown * perJob * 100) / 100;
    options.progress(
      `selfcheck: ${target.id} = ${Math.round(target.median)} ${target.unit}: injecting ${micros} µs per job (${Math.round(options.slowdown * 100)}% of a job's time)`,
    );
    const result: SelfcheckResult = {
      trials: options.trials,
      quiet: 0,
      caught: 0,
      slowdownMicros: micros,
      slowRatios: [],
      selfRatios: [],
    };
    for (let trial = 1; trial <= options.trials; trial++) {
      const trialDir = await mkdtemp(join(workDir, `trial-${trial}-`));
      const sides = [
        { name: "base", dir: options.dir, scenarios: [options.scenario] },
        { name: "same", dir: options.dir, scenarios: [options.scenario] },
        {
          name: "slowed",
          dir: options.dir,
          scenarios: [options.scenario],
          env: { [SLOWDOWN_ENV]: String(micros) },
        },
      ];
      const [base, same, slowed] = (
        await runRounds({
          sides,
          rounds: options.rounds,
          samples: options.samples,
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
        `selfcheck: trial ${trial}/${options.trials}: same build ${describe(self.metrics)}${quiet ? "" : "  <- FALSE ALARM"}; slowed ${describe([slowMetric])}${caught ? "" : "  <- MISSED"}`,
      );
    }
    return result;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function describe(metrics: readonly MetricComparison[]): string {
  return metrics
    .map(
      (m) =>
        `${m.verdict} (${m.ratio?.toFixed(3)}x [${m.interval?.map((v) => v.toFixed(3)).join(", ")}], floor ${((m.noiseFloor ?? 0) * 100).toFixed(1)}%)`,
    )
    .join(", ");
}
