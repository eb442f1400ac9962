import { contractSpecFor } from "../c4/contract/index.ts";
import type { C4Config, PullSnapshot, RuleResult } from "../c4/index.ts";
import { isBreak } from "../c4/rules/public-contract.ts";
import type { GitHubClient } from "../github/client.ts";
import { addLabels, removeLabel } from "../github/issue-writes.ts";
import { readContractFiles } from "../github/read-contract-files.ts";
import type { PullRead } from "../github/read-snapshot.ts";

type Pull = { owner: string; repo: string; number: number };

/**
 * The snapshot with the public contract files it changes (C4 2.6): no
 * request when none changed, one small GraphQL query otherwise.
 */
export async function withContractFiles(
  github: GitHubClient,
  pull: Pull,
  read: PullRead,
  snapshot: PullSnapshot,
  config: C4Config,
): Promise<PullSnapshot> {
  const settings = config.rules["public-contract"];
  if (settings.level === "off" || !read.forkPoint) return snapshot;
  const changed = (snapshot.changedFiles ?? []).filter((path) =>
    contractSpecFor(path, settings.files),
  );
  if (changed.length === 0) return snapshot;
  const paths = [...new Set([...changed, ...changed.flatMap(includers)])];
  const contractFiles = await readContractFiles(
    github,
    pull,
    { base: read.forkPoint, head: snapshot.head.sha },
    paths,
  );
  return { ...snapshot, contractFiles };
}

/**
 * A zproject fragment (`api/zsock_option.api`) names its members after the
 * class that includes it (`api/zsock.api`), which the patch may not change:
 * read the likely includers too; those that do not exist come back null.
 */
function includers(path: string): string[] {
  const match = /^(.*\/)?([^/]+)\.api$/.exec(path);
  if (!match) return [];
  const [, dir = "", name = ""] = match;
  const parts = name.split("_");
  return parts.slice(1).map((_, i) => `${dir}${parts.slice(0, i + 1).join("_")}.api`);
}

/**
 * Keeps the `breaking-change` label true to the verdict: added while the
 * patch breaks the stable contract (2.6.3), taken off once it no longer does.
 */
export async function syncBreakingLabel(
  github: GitHubClient,
  pull: Pull,
  snapshot: PullSnapshot,
  config: C4Config,
  result: RuleResult | undefined,
): Promise<void> {
  if (!result || result.outcome === "skip") return;
  const label = config.rules["public-contract"].label;
  const has = snapshot.labels.some((name) => name.toLowerCase() === label.toLowerCase());
  const breaking = isBreak(result);
  if (breaking && !has) await addLabels(github, pull, [label]);
  else if (!breaking && has) await removeLabel(github, pull, label);
}
