import type { C4Config, CommunityConfig } from "../c4/config.ts";
import { resolveConfig } from "../c4/extend-config.ts";
import { formatConfigProblem } from "../c4/parse-config.ts";
import { readRepoConfig } from "../github/read-repo-config.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { RepoRef } from "./community-jobs.ts";

export interface RepoSettings {
  community: CommunityConfig;
  /** Who counts as a maintainer, and the self-merge quiet period (C4 2.4.13). */
  maintainerPermission: C4Config["maintainerPermission"];
  quietHours: number;
  /** The public contract's files and ignored symbols (C4 2.6), for the contract report. */
  contract: Pick<C4Config["rules"]["public-contract"], "files" | "ignore">;
  defaultBranch: string;
  headSha: string | null;
  headState: string | null;
}

/**
 * The repository's community settings, read as the pull requests' are
 * (resolveConfig): the default branch's `.github/c4.yml`, laid over the
 * organisation's when it says `_extends: .github`, else the organisation's,
 * else the defaults. An invalid file stops every community job in the repository (the
 * `C4` check run already says why), as it stops the merges.
 */
export async function loadCommunityConfig(
  deps: CommunityDeps,
  ref: RepoRef,
): Promise<RepoSettings | null> {
  const read = await readRepoConfig(deps.github, ref);
  const resolved = resolveConfig({
    repoText: read.configText,
    orgText: read.orgConfigText,
    owner: ref.owner,
  });
  if (!resolved.ok) {
    deps.log.warn(
      { repo: `${ref.owner}/${ref.repo}`, errors: resolved.errors.map(formatConfigProblem) },
      "invalid .github/c4.yml: community jobs skipped",
    );
    return null;
  }
  return {
    community: resolved.config.community,
    maintainerPermission: resolved.config.maintainerPermission,
    quietHours: resolved.config.rules["self-merge"].quietHours,
    contract: resolved.config.rules["public-contract"],
    defaultBranch: read.defaultBranch ?? "main",
    headSha: read.headSha,
    headState: read.headState,
  };
}
