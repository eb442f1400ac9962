import type { Metric } from "./bench-report.ts";

/** What a scenario may use while it runs. */
export interface ScenarioContext {
  /** One line of progress for the person watching (stderr). */
  progress(line: string): void;
  /** How many timed samples of each measurement to take. */
  samples: number;
}

/** One benchmark scenario: `c4bot bench run --scenario NAME` runs it. */
export interface Scenario {
  name: string;
  description: string;
  run(context: ScenarioContext): Promise<Metric[]>;
}
