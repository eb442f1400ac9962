import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchReport } from "./bench-report.ts";

/** One build taking part in `bench ab` (or the selfcheck). */
export interface Side {
  name: string;
  /** A checkout with `dist/cli.js` built. */
  dir: string;
  /** Extra environment (the selfcheck's injected slowdown). */
  env?: Record<string, string>;
  /** The scenarios to run on this side (default: all it has). */
  scenarios?: readonly string[];
}

export interface RoundsOptions {
  sides: readonly Side[];
  rounds: number;
  /** `--samples` for every `bench run`. */
  samples: number;
  /** Where the per-round reports go: `<name>-<round>.json`. */
  workDir: string;
  progress(line: string): void;
}

/**
 * Runs every side once per round, each in a fresh `node DIR/dist/cli.js bench
 * run` process, and returns each side's reports in round order. The order in
 * a round rotates (A B, B A, A B... for two sides), so neither side always
 * runs first on a warm or a cold machine, and a slow spell of the machine
 * hits the runs of one round, which are compared with each other.
 */
export async function runRounds(options: RoundsOptions): Promise<BenchReport[][]> {
  const { sides, rounds } = options;
  const results: BenchReport[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (k + round) % sides.length;
      const side = sides[index] as Side;
      const out = join(options.workDir, `${side.name}-${round + 1}.json`);
      options.progress(`round ${round + 1}/${rounds}: ${side.name} (${side.dir})`);
      await benchRun(side, options.samples, out, (line) =>
        options.progress(`  ${side.name} ${round + 1}: ${line}`),
      );
      results[index]?.push(JSON.parse(await readFile(out, "utf8")) as BenchReport);
    }
  }
  return results;
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

/**
 * The scenarios a build knows, read from its `bench --help`, so a base that
 * predates a scenario is not asked for it (its metrics then show as new).
 */
export function listScenarios(dir: string): Promise<string[]> {
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
      resolve(parseScenarioList(text));
    });
  });
}

/** The names under "Scenarios:" in `bench --help`, one per `  NAME  description` line. */
export function parseScenarioList(help: string): string[] {
  const lines = help.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Scenarios:");
  if (start < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(\S+) {2}/.exec(line);
    if (!match) break;
    names.push(match[1] as string);
  }
  return names;
}
