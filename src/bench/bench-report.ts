import { spawnSync } from "node:child_process";
import { availableParallelism, cpus } from "node:os";
import { median } from "./median.ts";

/**
 * The result format of `c4bot bench run` (and `npm run bench`), version 1.
 * The report and PR-comment tooling reads it, so fields are only ever added.
 */
export interface BenchReport {
  version: 1;
  environment: BenchEnvironment;
  metrics: Metric[];
}

export interface BenchEnvironment {
  /** The CPU model, as the OS names it. */
  cpu: string;
  /** CPUs this process may use (containers included). */
  cores: number;
  /** `process.version`. */
  node: string;
  /** The project's commit measured, or null outside a git checkout. */
  commit: string | null;
  /** When the run started, ISO 8601. */
  date: string;
}

export interface Metric {
  /** `scenario.name`, e.g. `check.commits_per_second`; stable across runs. */
  id: string;
  /** e.g. `commits/s`, `s`. */
  unit: string;
  /** Which direction is an improvement, for comparing two reports. */
  better: "higher" | "lower";
  samples: number[];
  median: number;
  /**
   * Sampled in turn with the other side (`bench ab`'s interleaved rounds):
   * the samples of one round, taken a fraction of a second apart.
   */
  interleaved?: boolean;
  /**
   * `bench ab`, interleaved metrics: every round's own samples (`samples`
   * then holds the rounds' medians). Sample i of a round of one side was
   * taken next to sample i of the same round of the other, so they are
   * compared step by step; the noise floor is read from them too.
   */
  rounds?: number[][];
}

/** A metric from its samples, with the median filled in. */
export function metric(
  id: string,
  unit: string,
  better: Metric["better"],
  samples: number[],
): Metric {
  return { id, unit, better, samples, median: median(samples) };
}

/** Samples of one value each, metric by metric, joined into one metric each. */
export function joinSamples(samples: readonly Metric[][]): Metric[] {
  const first = samples[0] ?? [];
  return first.map((m) =>
    metric(
      m.id,
      m.unit,
      m.better,
      samples.flatMap((sample) => sample.find((s) => s.id === m.id)?.samples ?? []),
    ),
  );
}

/** The machine and the code a report was measured on. */
export function benchEnvironment(projectRoot: string, now = new Date()): BenchEnvironment {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: projectRoot, encoding: "utf8" });
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    node: process.version,
    commit: head.status === 0 ? head.stdout.trim() : null,
    date: now.toISOString(),
  };
}
