import { type C4Config, configSchema, defaultConfig, REPO_CONFIG_FILE } from "./config.ts";
import { type ConfigProblem, type ConfigResult, readConfig } from "./parse-config.ts";

/** The texts a repository's settings come from, as read from GitHub. */
export interface ConfigSources {
  /** The repository's `.github/c4.yml` on its default branch; null without one. */
  repoText: string | null;
  /** The organisation's: `.github/c4.yml` in its `.github` repository; null without one. */
  orgText: string | null;
  /** The organisation (the repository's owner), to name its file in problems. */
  owner: string;
}

/** The settings that apply, and which file(s) they came from (shown in the check run). */
export type ResolvedConfig =
  | { ok: true; config: C4Config; source: string; warnings: ConfigProblem[] }
  | { ok: false; source: string; errors: ConfigProblem[] };

/**
 * Which settings apply to a repository: its own `.github/c4.yml`; without
 * one, its organisation's; without either, the defaults. A repository file
 * that says `_extends: .github` is laid over the organisation's instead of
 * replacing it: mappings merge key by key, and whatever else the
 * repository sets (a level, a number, a list) is the repository's. Each file
 * is parsed on its own, so every problem points into the file it is in.
 */
export function resolveConfig({ repoText, orgText, owner }: ConfigSources): ResolvedConfig {
  const orgFile = `${owner}/.github: ${REPO_CONFIG_FILE}`;
  if (repoText === null) {
    if (orgText === null)
      return { ok: true, config: defaultConfig, source: "defaults", warnings: [] };
    return resolved(readConfig(orgText, orgFile).result, orgFile);
  }
  const repo = readConfig(repoText, REPO_CONFIG_FILE);
  if (!repo.result.ok || repo.result.config._extends === undefined || !repo.written) {
    return resolved(repo.result, REPO_CONFIG_FILE);
  }
  if (orgText === null) {
    const warning: ConfigProblem = {
      file: REPO_CONFIG_FILE,
      path: "_extends",
      message: `${owner}/.github has no ${REPO_CONFIG_FILE} to extend: this file's settings apply alone`,
    };
    return resolved(
      { ...repo.result, warnings: [warning, ...repo.result.warnings] },
      REPO_CONFIG_FILE,
    );
  }
  const source = `${REPO_CONFIG_FILE} extending ${orgFile}`;
  const org = readConfig(orgText, orgFile);
  if (!org.result.ok || !org.written) {
    return resolved(
      { ...org.result, warnings: [...org.result.warnings, ...repo.result.warnings] },
      source,
    );
  }
  const merged = overlay(withoutExtends(org.written), withoutExtends(repo.written), []);
  const parsed = configSchema.safeParse(merged);
  const warnings = [...org.result.warnings, ...repo.result.warnings];
  if (!parsed.success) {
    // Each file was valid on its own; only a rule the schema checks across keys could fail here.
    return {
      ok: false,
      source,
      errors: [{ file: source, path: "", message: parsed.error.message }],
    };
  }
  return { ok: true, config: parsed.data, source, warnings };
}

function resolved(result: ConfigResult, source: string): ResolvedConfig {
  return result.ok
    ? { ok: true, config: result.config, source, warnings: result.warnings }
    : { ok: false, source, errors: result.errors };
}

/** `_extends` is the repository's own instruction; the organisation's file cannot extend further. */
function withoutExtends(written: Record<string, unknown>): Record<string, unknown> {
  const { _extends: _, ...rest } = written;
  return rest;
}

/** `over` laid on `base`: mappings key by key, anything else replaced. */
function overlay(base: unknown, over: unknown, path: string[]): unknown {
  // A rule may be written as its level alone (`ci-green: warn`) or left empty.
  const rule = path.length === 2 && path[0] === "rules";
  const lower = rule ? ruleMapping(base) : base;
  const upper = rule ? ruleMapping(over) : over;
  if (!isMapping(lower) || !isMapping(upper)) return upper;
  const out: Record<string, unknown> = { ...lower };
  for (const [key, value] of Object.entries(upper)) {
    out[key] = Object.hasOwn(lower, key) ? overlay(lower[key], value, [...path, key]) : value;
  }
  return out;
}

function ruleMapping(value: unknown): unknown {
  if (typeof value === "string") return { level: value };
  return value ?? {};
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
