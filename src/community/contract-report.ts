import type { ContractHistory, HistoryCandidate } from "../c4/contract/index.ts";
import { markdownCode } from "../c4/markdown.ts";
import { markers } from "./community-text.ts";

export const contractReportTitle = "C4 2.6: public contract symbols ready for their next step";

/** How long, in releases, a state must last before its symbol is listed. */
export interface ContractReportSettings {
  draftReleases: number;
  deprecatedReleases: number;
}

/**
 * The report issue's body: drafts to consider for promotion (C4 2.6.5) and
 * deprecated symbols to consider for removal (2.6.7), read from the
 * releases `tags` (oldest first). Symbol names, paths and tags come from the
 * repository: each goes in as a code span. Deterministic, so a run that finds
 * the same lists writes nothing.
 */
export function renderContractReport(
  history: ContractHistory,
  settings: ContractReportSettings,
  tags: readonly string[],
): string {
  const range =
    tags.length === 0
      ? "no release yet"
      : `releases ${markdownCode(tags[0] ?? "")} to ${markdownCode(tags.at(-1) ?? "")}`;
  const lines = [
    markers.contractReport,
    `c4bot reads the public contract of the last releases (${range}) and lists the symbols whose state has lasted long enough for a maintainer to consider its next step. It changes no file: promoting and removing are patches like any other.`,
    "",
    "## Drafts to consider for promotion (C4 2.6.5)",
    "",
    `C4 2.6.5: "New contracts SHOULD be marked as "draft" until they are stable and used by real users." These drafts kept their signature through the last ${settings.draftReleases} releases or more:`,
    "",
    ...table(history.promote, "draft since"),
    "",
    "## Deprecated symbols to consider for removal (C4 2.6.7)",
    "",
    `C4 2.6.7: "When sufficient time has passed, old deprecated contracts SHOULD be removed." These have been deprecated (or legacy) through the last ${settings.deprecatedReleases} releases or more:`,
    "",
    ...table(history.remove, "deprecated since"),
    "",
    "_A symbol the default branch has already promoted, changed or removed leaves the list. The list is rewritten after each release and once a day; when it is empty this issue is closed._",
  ];
  return `${lines.join("\n")}\n`;
}

function table(candidates: readonly HistoryCandidate[], since: string): string[] {
  if (candidates.length === 0) return ["None at the moment."];
  return [
    `| symbol | file | ${since} | releases |`,
    "| --- | --- | --- | --- |",
    ...candidates.map(
      (entry) =>
        `| ${cell(entry.symbol)} | ${cell(entry.file)} | ${cell(entry.since)} | ${entry.releases} |`,
    ),
  ];
}

/** A code span in a table cell: GFM splits cells at `|` even inside code. */
function cell(text: string): string {
  return markdownCode(text).replace(/\|/g, "\\|");
}
