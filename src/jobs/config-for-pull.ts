import {
  type ConfigProblem,
  formatConfigProblem,
  type ResolvedConfig,
  resolveConfig,
} from "../c4/index.ts";
import { markdownCodeBlock } from "../c4/markdown.ts";
import type { PullRead } from "../github/read-snapshot.ts";

/**
 * The settings for a pull request: the repository's `.github/c4.yml` on its
 * default branch (laid over the organisation's when it says `_extends:
 * .github`); without one, the organisation's (`OWNER/.github`); without
 * either, the defaults. A pull request never configures its own check: a
 * patch could otherwise switch off the rules it breaks.
 */
export function configForPull(read: PullRead, owner: string): ResolvedConfig {
  return resolveConfig({ repoText: read.configText, orgText: read.orgConfigText, owner });
}

/** A list of problems as a Markdown code block, one per line. */
export function problemsBlock(problems: ConfigProblem[]): string {
  return markdownCodeBlock(problems.map(formatConfigProblem).join("\n"));
}
