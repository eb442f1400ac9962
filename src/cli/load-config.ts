import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
// The modules themselves, not ../c4/index.ts: `c4bot contract` and the
// commit hook need no rule engine.
import { type C4Config, defaultConfig, REPO_CONFIG_FILE } from "../c4/config.ts";
import { formatConfigProblem, parseConfig } from "../c4/parse-config.ts";
import type { CliIo } from "./io.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The config to check with: `--config FILE`, else `.github/c4.yml` at the
 * repository's top level, else the defaults. Unknown keys are warnings on
 * stderr (the check goes on, as the bot does on GitHub); anything invalid is a
 * UsageError listing every problem as `file:line:col: path: message`.
 */
export async function loadConfig(
  io: CliIo,
  options: { file?: string; topLevel?: string },
): Promise<C4Config> {
  let file: string;
  let text: string;
  if (options.file !== undefined) {
    file = options.file;
    try {
      text = await readFile(resolve(io.cwd, file), "utf8");
    } catch (error) {
      throw new UsageError(`c4bot check: cannot read --config ${file}: ${reason(error)}`);
    }
  } else {
    if (options.topLevel === undefined) return defaultConfig;
    file = REPO_CONFIG_FILE;
    try {
      text = await readFile(join(options.topLevel, REPO_CONFIG_FILE), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return defaultConfig;
      throw new UsageError(`c4bot check: cannot read ${REPO_CONFIG_FILE}: ${reason(error)}`);
    }
  }
  const result = parseConfig(text, file);
  for (const warning of result.warnings) io.stderr(`warning: ${formatConfigProblem(warning)}\n`);
  if (result.ok && result.config._extends !== undefined) {
    // The organisation's file is on GitHub, which this command never asks.
    io.stderr(
      `warning: ${file}: _extends: the organisation's ${REPO_CONFIG_FILE} is not read here; this file's settings are checked alone\n`,
    );
  }
  if (!result.ok) {
    const lines = result.errors.map((problem) => formatConfigProblem(problem));
    throw new UsageError(`${lines.join("\n")}\nc4bot check: ${file} is not a valid c4bot config`);
  }
  return result.config;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
