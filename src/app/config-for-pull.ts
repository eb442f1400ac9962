import {
  type C4Config,
  type ConfigProblem,
  defaultConfig,
  formatConfigProblem,
  parseConfig,
} from "../c4/index.ts";
import type { PullRead } from "../github/read-snapshot.ts";

export type ResolvedConfig =
  | { ok: true; config: C4Config; source: string; warnings: ConfigProblem[] }
  | { ok: false; source: string; errors: ConfigProblem[] };

/**
 * The repository's `.github/c4.yml` on its default branch; without one, the
 * organisation's (`OWNER/.github`); without either, the defaults. A pull
 * request never configures its own check: a patch could otherwise switch off
 * the rules it breaks.
 */
export function configForPull(read: PullRead, owner: string): ResolvedConfig {
  const text = read.configText ?? read.orgConfigText;
  if (text === null) return { ok: true, config: defaultConfig, source: "defaults", warnings: [] };
  const source = read.configText !== null ? ".github/c4.yml" : `${owner}/.github: .github/c4.yml`;
  const parsed = parseConfig(text, source);
  return parsed.ok
    ? { ok: true, config: parsed.config, source, warnings: parsed.warnings }
    : { ok: false, source, errors: parsed.errors };
}

/** A list of problems as a Markdown code block, one per line. */
export function problemsBlock(problems: ConfigProblem[]): string {
  return ["```text", ...problems.map(formatConfigProblem), "```"].join("\n");
}
