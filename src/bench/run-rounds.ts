import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type BenchReport, benchEnvironment, joinSamples, type Metric } from "./bench-report.ts";
import { SessionProcess } from "./session-process.ts";

/** One build taking part in `bench ab` (or the selfcheck). */
export interface Side {
  name: string;
  /** A checkout with `dist/cli.js` built. */
  dir: string;
  /** Extra environment (the selfcheck's injected slowdown). */
  env?: Record<string, string>;
  /** The scenarios to run on this side (default: all it has). */
  scenarios?: readonly string[];
  /**
   * Of those, the ones this build can sample in turn (`bench session`). A
   * scenario every side can sample in turn runs interleaved; the others run
   * as one `bench run` process per side and round.
   */
  interleaved?: readonly string[];
}

export interface RoundsOptions {
  sides: readonly Side[];
  rounds: number;
  /** `--samples` for every `bench run`. */
  samples: number;
  /** Samples per side in an interleaved round (default: `samples`). */
  interleavedSamples?: number;
  /** Where the per-round reports go: `<name>-<round>.json`. */
  workDir: string;
  progress(line: string): void;
}

/**
 * Runs every side once per round and returns each side's reports in round
 * order. The order in a round rotates (A B, B A, A B... for two sides), so
 * neither side always runs first on a warm or a cold machine.
 *
 * Scenarios every side can sample in turn are interleaved: in each round,
 * one live process per side (set up and warmed up), sampled A B B A A B...,
 * a fraction of a second apart, so a change in the machine's speed (these
 * machines are shared: it changes every few seconds) hits both sides of a
 * pair alike. Their metrics come back marked `interleaved`. The other
 * scenarios run as one fresh `node DIR/dist/cli.js bench run` process per
 * side and round, back to back.
 */
export async function runRounds(options: RoundsOptions): Promise<BenchReport[][]> {
  const { sides, rounds } = options;
  const interleaved = (sides[0]?.scenarios ?? []).filter((name) =>
    sides.every((side) => side.scenarios?.includes(name) && side.interleaved?.includes(name)),
  );
  const results: BenchReport[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const reports = new Map<number, BenchReport>();
    for (let k = 0; k < sides.length; k++) {
      const index = (k + round) % sides.length;
      const side = sides[index] as Side;
      const separate = (side.scenarios ?? []).filter((name) => !interleaved.includes(name));
      if (side.scenarios !== undefined && separate.length === 0) continue;
      const out = join(options.workDir, `${side.name}-${round + 1}.json`);
      options.progress(`round ${round + 1}/${rounds}: ${side.name} (${side.dir})`);
      await benchRun(
        { ...side, scenarios: side.scenarios && separate },
        options.samples,
        out,
        (line) => options.progress(`  ${side.name} ${round + 1}: ${line}`),
      );
      reports.set(index, JSON.parse(await readFile(out, "utf8")) as BenchReport);
    }
    for (const name of interleaved) {
      options.progress(`round ${round + 1}/${rounds}: ${name}, interleaved`);
      const metrics = await interleave(sides, name, round, options);
      metrics.forEach((sideMetrics, index) => {
        const report = reports.get(index) ?? {
          version: 1 as const,
          environment: benchEnvironment((sides[index] as Side).dir),
          metrics: [],
        };
        report.metrics.push(...sideMetrics);
        reports.set(index, report);
      });
    }
    sides.forEach((side, index) => {
      const report = reports.get(index);
      if (!report) throw new Error(`[c4bot] bench: ${side.name}: nothing measured`);
      results[index]?.push(report);
    });
  }
  return results;
}

/**
 * One interleaved round of one scenario: a session per side, all started at
 * once, then `samples` steps, each sampling every side once in an
 * order that rotates step by step. Each side's metrics, marked interleaved.
 */
async function interleave(
  sides: readonly Side[],
  scenario: string,
  round: number,
  options: RoundsOptions,
): Promise<Metric[][]> {
  const sessions: (SessionProcess | undefined)[] = sides.map(() => undefined);
  const taken: Metric[][][] = sides.map(() => []);
  try {
    // Started together: their warm-ups time nothing, so they may overlap.
    const started = await Promise.allSettled(
      sides.map((side) =>
        SessionProcess.start(side, scenario, (line) =>
          options.progress(`  ${side.name} ${round + 1}: ${line}`),
        ),
      ),
    );
    started.forEach((result, index) => {
      if (result.status === "fulfilled") sessions[index] = result.value;
    });
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
    for (let step = 0; step < (options.interleavedSamples ?? options.samples); step++) {
      for (let k = 0; k < sides.length; k++) {
        // A B, B A, A B...: each side as often first as last.
        const index =
          step % 2 === 0
            ? (k + round) % sides.length
            : (sides.length - 1 - k + round) % sides.length;
        taken[index]?.push(await (sessions[index] as SessionProcess).sample());
      }
    }
  } finally {
    await Promise.all(sessions.map((session) => session?.close()));
  }
  return taken.map((samples) => joinSamples(samples).map((m) => ({ ...m, interleaved: true })));
}

/** One `bench run` of a side, its progress lines passed on. */
export function benchRun(
  side: Side,
  samples: number,
  out: string,
  progress: (line: string) => void,
): Promise<void> {
  const args = [join(side.dir, "dist", "cli.js"), "bench", "run", "--samples", String(samples)];
  for (const name of side.scenarios ?? []) args.push("--scenario", name);
  args.push("--out", out);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: side.dir,
      env: { ...process.env, ...side.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let tail = "";
    let pending = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      tail = (tail + chunk).slice(-2000);
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") progress(line);
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`[c4bot] bench: ${side.name}: bench run exited ${code}:\n${tail}`));
    });
  });
}

/** What a build can run, from its `bench --help`. */
export interface BuildScenarios {
  names: string[];
  /** Those it can sample in turn (`bench session`); none before that existed. */
  interleaved: string[];
}

/**
 * The scenarios a build knows, read from its `bench --help`, so a base that
 * predates a scenario is not asked for it (its metrics then show as new),
 * and one that predates `bench session` runs a process per round.
 */
export function listScenarios(dir: string): Promise<BuildScenarios> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, "dist", "cli.js"), "bench", "--help"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let text = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      text += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`[c4bot] bench: ${dir}: bench --help exited ${code}`));
      resolve({
        names: parseHelpList(text, "Scenarios:"),
        interleaved: parseHelpList(text, SAMPLED_IN_TURN_HEADING),
      });
    });
  });
}

/** The heading in `bench --help` over the scenarios `bench session` can run. */
export const SAMPLED_IN_TURN_HEADING = "Sampled in turn by bench ab:";

/** The names under `heading` in `bench --help`, one per `  NAME  description` (or `  NAME`) line. */
export function parseHelpList(help: string, heading: string): string[] {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\S+)( {2}|$)/.exec(line);
    if (!match) break;
    names.push(match[1] as string);
  }
  return names;
}
