import type { Metric } from "./bench-report.ts";

/** What a scenario may use while it runs. */
export interface ScenarioContext {
  /** One line of progress for the person watching (stderr). */
  progress(line: string): void;
  /** How many timed samples of each measurement to take. */
  samples: number;
  /** The `budget` scenario's burst of pull requests (`--burst`; default 200). */
  burst?: number;
}

/**
 * A scenario set up, warmed up and waiting: each `sample()` takes one timed
 * sample of every metric (one value each). `bench ab` keeps one session per
 * build alive and samples them in turn, a fraction of a second apart, so a
 * change in the machine's speed hits both builds of a pair alike
 * (docs/benchmarks.md, "interleaved").
 */
export interface ScenarioSession {
  sample(): Promise<Metric[]>;
  close(): Promise<void>;
}

/** One benchmark scenario: `c4bot bench run --scenario NAME` runs it. */
export interface Scenario {
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<Metric[]>;
  /** Present when the scenario can be sampled step by step (`bench session`). */
  open?(progress: (line: string) => void): Promise<ScenarioSession>;
}
