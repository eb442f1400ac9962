/** The C4 contract as code. Pure: no I/O, no clock, nothing of the project imported. */
export { clauseUrl, SPEC_URL } from "./clause.ts";
export {
  type C4Config,
  type C4ConfigInput,
  configSchema,
  defaultConfig,
  type Level,
  REPO_CONFIG_FILE,
} from "./config.ts";
export { evaluate, evaluateCommits } from "./evaluate.ts";
export { type ConfigSources, type ResolvedConfig, resolveConfig } from "./extend-config.ts";
export {
  type ConfigProblem,
  type ConfigResult,
  formatConfigProblem,
  parseConfig,
} from "./parse-config.ts";
export { headline, type JsonReport, renderMarkdown, renderText, toJsonReport } from "./render.ts";
export type {
  CommitResult,
  Decision,
  Outcome,
  Rule,
  RuleId,
  RuleResult,
  Setting,
  Verdict,
} from "./result.ts";
export { ruleIds } from "./result.ts";
export { C4_CHECK_NAME } from "./rules/ci-green.ts";
export { rules } from "./rules/index.ts";
export {
  type AddedFile,
  type Check,
  type ClosingIssue,
  type Commit,
  type Permission,
  type PullSnapshot,
  pullSnapshotSchema,
  type Review,
  repoFullName,
} from "./snapshot.ts";
