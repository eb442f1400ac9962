import {
  ContractParseError,
  contractHistory,
  newParseCache,
  type ParsedContract,
  parseRevision,
  type ReleaseContract,
  type RevisionFile,
} from "../c4/contract/index.ts";
import { createIssue, updateIssue } from "../github/issue-writes.ts";
import { readRevisionContracts } from "../github/read-revision-contracts.ts";
import { listReleases } from "../github/releases.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { findTrackingIssue } from "../github/tracking-issue.ts";
import type { CommunityDeps } from "./community-handler.ts";
import type { CommunityPayloads } from "./community-jobs.ts";
import { markers } from "./community-text.ts";
import { contractReportTitle, renderContractReport } from "./contract-report.ts";
import { loadCommunityConfig, type RepoSettings } from "./load-community-config.ts";

/**
 * Releases the report reads at the most (never fewer than it needs): enough
 * to say since when a state has lasted, at the cost of one tree query and
 * the blobs that changed between them.
 */
export const REPORT_HISTORY_RELEASES = 12;

/**
 * C4 2.6.5 and 2.6.7: keeps the one issue that lists drafts ready for
 * promotion and deprecated symbols old enough to remove, from the
 * releases' contract files. Writes only when the text changes; closes the
 * issue when nothing is left to list.
 */
export async function reportContract(
  deps: CommunityDeps,
  job: CommunityPayloads["community.contract-report"],
) {
  const settings = await loadCommunityConfig(deps, job);
  const report = settings?.community.contractReport;
  if (!settings || !report?.enabled) return;
  const budget = new RequestBudget(settings.community.requestBudget);
  const window = Math.max(REPORT_HISTORY_RELEASES, report.draftReleases, report.deprecatedReleases);
  const tags = (await listReleases(deps.github, job, budget))
    .filter((release) => !release.draft)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id)
    .slice(-window)
    .map((release) => release.tag);
  // Too few releases for any run to be long enough: no contract to read.
  const enough = tags.length >= Math.min(report.draftReleases, report.deprecatedReleases);
  const read = enough
    ? await readHistory(deps, job, settings, tags, budget)
    : { releases: tags.map((tag) => ({ tag, contracts: [] })), head: undefined };
  if (!read) return;
  const patterns = settings.contract.ignore.map((source) => new RegExp(source, "u"));
  const history = contractHistory(
    read.releases,
    { ...report, ignore: (symbol) => patterns.some((pattern) => pattern.test(symbol)) },
    read.head,
  );
  // An issue list cut short by the budget would look like no issue: a duplicate.
  if (budget.exhausted) return;
  const body = renderContractReport(
    history,
    report,
    read.releases.map((release) => release.tag),
  );
  const empty = history.promote.length === 0 && history.remove.length === 0;
  await writeReport(deps, job, { label: report.label, body, empty }, budget);
  deps.log.info(
    {
      repo: `${job.owner}/${job.repo}`,
      promote: history.promote.length,
      remove: history.remove.length,
    },
    "contract report checked",
  );
}

/**
 * Creates the issue when there is something to list, rewrites it when its
 * text changes, and closes it, saying so, when nothing is left: an open
 * issue is a to-do. The next candidate opens a new one.
 */
async function writeReport(
  deps: CommunityDeps,
  job: CommunityPayloads["community.contract-report"],
  report: { label: string; body: string; empty: boolean },
  budget: RequestBudget,
) {
  const { label, body, empty } = report;
  const spec = { label, marker: markers.contractReport };
  const existing = await findTrackingIssue(deps.github, job, spec, budget);
  if (!existing) {
    if (!empty)
      await createIssue(deps.github, job, { title: contractReportTitle, body, labels: [label] });
    return;
  }
  const target = { ...job, number: existing.number };
  if (empty)
    await updateIssue(deps.github, target, { body, state: "closed", state_reason: "completed" });
  else if (body !== existing.body) await updateIssue(deps.github, target, { body });
}

/**
 * The parsed contract of each release that still has its tag, and of the
 * default branch's head; null (with a warning) when the budget ran out: a
 * part of the history would list wrong candidates.
 */
async function readHistory(
  deps: CommunityDeps,
  job: CommunityPayloads["community.contract-report"],
  settings: RepoSettings,
  tags: readonly string[],
  budget: RequestBudget,
): Promise<{ releases: ReleaseContract[]; head: ParsedContract[] | undefined } | null> {
  const headRev = settings.headSha ?? settings.defaultBranch;
  const files = await readRevisionContracts(
    deps.github,
    job,
    [...tags, headRev],
    settings.contract.files,
    budget,
  );
  const repo = `${job.owner}/${job.repo}`;
  if (!files) {
    deps.log.warn({ repo }, "contract report stopped at its request budget");
    return null;
  }
  const cache = newParseCache();
  const parse = (found: RevisionFile[], revision: string) => {
    try {
      return parseRevision(found, settings.contract.files, cache);
    } catch (error) {
      if (!(error instanceof ContractParseError)) throw error;
      deps.log.warn(
        { repo, revision, error: error.message },
        "contract report: a model does not parse",
      );
      return null;
    }
  };
  // An older release whose model does not parse counts as empty: no state
  // is known to have lasted through it. Without the newest or the head,
  // nothing can be said: the issue stays as it is.
  const parsed = tags.map((tag, i) => ({ tag, found: files[i] }));
  const releases = parsed.flatMap(({ tag, found }) =>
    found ? [{ tag, contracts: parse(found, tag) }] : [],
  );
  const headFiles = files.at(-1);
  const head = headFiles ? parse(headFiles, headRev) : undefined;
  if (head === null || releases.at(-1)?.contracts === null) return null;
  return {
    releases: releases.map((release) => ({ tag: release.tag, contracts: release.contracts ?? [] })),
    head,
  };
}
