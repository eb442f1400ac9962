import {
  type C4Config,
  type ConfigProblem,
  evaluate,
  type PullSnapshot,
  type Verdict,
} from "../c4/index.ts";
import type { CheckRunReport } from "../github/check-run.ts";
import type { GitHubClient } from "../github/client.ts";
import { readAddedFiles } from "../github/read-added-files.ts";
import type { PullRead } from "../github/read-snapshot.ts";
import { configForPull, problemsBlock } from "./config-for-pull.ts";
import { withContractFiles } from "./contract-for-pull.ts";
import { validateConfigChange } from "./validate-config-change.ts";

/** A pull request judged: its verdict and the notes that go under it, or why it cannot be. */
export type Judgement =
  | { ok: true; config: C4Config; verdict: Verdict; notes: string[] }
  /** The configuration is broken: the report says so, and nothing is judged. */
  | { ok: false; report: CheckRunReport; source: string; errors: ConfigProblem[] };

/**
 * The verdict on one read of a pull request, as the App and the Action
 * both make it: the settings that apply (never the patch's own), the pure
 * policy, and a check of a `.github/c4.yml` the patch brings.
 */
export async function judgePull(
  github: GitHubClient,
  repo: { owner: string; repo: string; number: number },
  read: PullRead,
  snapshot: PullSnapshot,
  /** The base branch's required checks (rulesets, protection): `ci-green` blocks on them. */
  requiredChecks: string[],
): Promise<Judgement> {
  const resolved = configForPull(read, repo.owner);
  if (!resolved.ok) {
    return {
      ok: false,
      source: resolved.source,
      errors: resolved.errors,
      report: {
        title: `Invalid ${resolved.source}: c4bot cannot check this pull request`,
        summary: [
          `c4bot could not read its configuration, \`${resolved.source}\`, so it judges and merges nothing in this repository until it is fixed.`,
          problemsBlock(resolved.errors),
          "See docs/configuration.md for every key.",
        ].join("\n\n"),
        conclusion: "failure",
      },
    };
  }
  const config = resolved.config;
  if (config.rules["foreign-code"].level !== "off") {
    snapshot.addedFiles = await readAddedFiles(github, repo, snapshot.head.sha, read.addedPaths);
  }
  const judged = await withContractFiles(
    github,
    repo,
    read,
    withRequiredChecks(snapshot, requiredChecks),
    config,
  );
  let verdict = evaluate(judged, config);
  const notes: string[] = [];
  if (resolved.warnings.length > 0) {
    notes.push(`⚠️ Warnings about \`${resolved.source}\` (c4bot checks with the rest):`);
    notes.push(problemsBlock(resolved.warnings));
  }
  if (read.changesConfig) {
    const change = await validateConfigChange(github, repo, snapshot.head.sha);
    notes.push(change.note);
    if (!change.ok) verdict = { ...verdict, decision: "reject", correct: false };
  }
  return { ok: true, config, verdict, notes };
}

function withRequiredChecks(snapshot: PullSnapshot, requiredChecks: string[]): PullSnapshot {
  const ci = snapshot.ci ?? { workflows: [], requiredChecks: [], recentPullChecks: false };
  return { ...snapshot, ci: { ...ci, requiredChecks } };
}
