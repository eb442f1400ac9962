import type { BenchReport } from "./bench-report.ts";
import { type CompareOptions, compareReports } from "./compare-reports.ts";
import type { Comparison } from "./comparison.ts";
import { mergeRounds } from "./merge-rounds.ts";
import { listScenarios, runRounds } from "./run-rounds.ts";

export interface AbOptions {
  baseDir: string;
  headDir: string;
  rounds: number;
  samples: number;
  /** Samples per side in an interleaved round (default: `samples`). */
  interleavedSamples?: number;
  /** Scenarios to run (default: all of head's); base runs those it knows. */
  scenarios?: readonly string[];
  workDir: string;
  progress(line: string): void;
  compare?: CompareOptions;
}

export interface AbResult {
  comparison: Comparison;
  /** Each side's rounds merged: one sample per round. */
  base: BenchReport;
  head: BenchReport;
}

/**
 * `c4bot bench ab`: both builds, alternately, `rounds` times, then
 * `compareReports` pairing round i of base with round i of head.
 */
export async function runAb(options: AbOptions): Promise<AbResult> {
  const [baseKnows, headKnows] = await Promise.all([
    listScenarios(options.baseDir),
    listScenarios(options.headDir),
  ]);
  const wanted = options.scenarios ?? headKnows.names;
  for (const name of wanted) {
    if (!headKnows.names.includes(name))
      throw new Error(`[c4bot] bench ab: head has no scenario "${name}"`);
    if (!baseKnows.names.includes(name)) {
      options.progress(`bench ab: base has no scenario "${name}": its metrics show as new`);
    }
  }
  const [baseRounds, headRounds] = await runRounds({
    sides: [
      {
        name: "base",
        dir: options.baseDir,
        scenarios: wanted.filter((n) => baseKnows.names.includes(n)),
        interleaved: baseKnows.interleaved,
      },
      {
        name: "head",
        dir: options.headDir,
        scenarios: wanted,
        interleaved: headKnows.interleaved,
      },
    ],
    rounds: options.rounds,
    samples: options.samples,
    ...(options.interleavedSamples ? { interleavedSamples: options.interleavedSamples } : {}),
    workDir: options.workDir,
    progress: options.progress,
  });
  const base = mergeRounds(baseRounds ?? []);
  const head = mergeRounds(headRounds ?? []);
  for (const id of [...base.dropped, ...head.dropped]) {
    options.progress(`bench ab: ${id} was not measured in every round: left out`);
  }
  const comparison = compareReports(base.report, head.report, {
    ...options.compare,
    rounds: options.rounds,
  });
  return { comparison, base: base.report, head: head.report };
}
