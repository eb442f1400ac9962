import type { C4Config } from "../config.ts";
import {
  type ContractChange,
  ContractParseError,
  type ContractReport,
  compareContract,
  matchesAny,
} from "../contract/index.ts";
import type { Rule, RuleResult } from "../result.ts";
import type { PullSnapshot } from "../snapshot.ts";
import { plural } from "../text.ts";

type Result = Omit<RuleResult, "rule" | "clause">;

/**
 * C4 2.3.4: "A patch MUST adhere to the "Evolution of Public Contracts"
 * guidelines" (2.6). A stable symbol removed or changed breaks existing
 * applications (2.6.3): the merge waits for a maintainer's `/c4 merge
 * <reason>`, the overriding consensus. A symbol added straight to the stable
 * contract (2.6.5), a new public symbol without documentation (2.6.1) and a
 * reused old name (2.6.8) warn.
 */
export const publicContract: Rule = {
  id: "public-contract",
  clause: "2.3.4",
  scope: "pull",
  evaluate(snapshot, config) {
    const files = snapshot.contractFiles ?? [];
    if (files.length === 0) {
      return { outcome: "skip", message: "The patch changes no public contract file." };
    }
    let report: ContractReport;
    try {
      report = compareContract(files, config.rules["public-contract"]);
    } catch (error) {
      if (!(error instanceof ContractParseError)) throw error;
      return {
        outcome: "fail",
        message: `A contract file cannot be read: ${error.message}.`,
        fix: `Fix ${error.file} so that it is well-formed XML.`,
      };
    }
    return judge(report, snapshot, config);
  },
};

function judge(report: ContractReport, snapshot: PullSnapshot, config: C4Config): Result {
  if (report.files.length === 0) {
    return { outcome: "skip", message: "The patch changes no public contract file." };
  }
  const details = report.changes.map(describeChange);
  const undocumented = undocumentedSymbols(report.changes, snapshot, config);
  details.push(
    ...undocumented.map(
      (symbol) => `2.6.1 undocumented: \`${symbol}\` is new and no documentation changed`,
    ),
  );
  const breaks = report.changes.filter(
    (change) => change.kind === "stable-removed" || change.kind === "stable-changed",
  );
  if (breaks.length > 0) {
    return {
      outcome: "fail",
      message: `The patch breaks the stable public contract: ${plural(breaks.length, "symbol")} removed or changed (${names(breaks)}).`,
      fix: [
        "Keep stable symbols as they are (C4 2.6.3): add a new name instead, mark the old one",
        "deprecated (2.6.6) and remove it releases later (2.6.7). If the project agrees to break",
        "it anyway, a maintainer comments `/c4 merge <reason>` (the overriding consensus of 2.6.3).",
      ].join("\n"),
      details,
    };
  }
  const warned = report.changes.filter(
    (change) => change.kind === "stable-added" || change.kind === "name-reused",
  );
  if (warned.length > 0 || undocumented.length > 0) {
    return {
      outcome: "warn",
      message: warningMessage(warned, undocumented),
      fix: "Add new symbols as draft first (2.6.5), document them (2.6.1), and never reuse an old name (2.6.8).",
      details,
    };
  }
  const message =
    report.changes.length === 0
      ? `No change to the public contract in ${plural(report.files.length, "contract file")}.`
      : `The public contract evolves by the rules: ${plural(report.changes.length, "change")}, none breaking.`;
  return { outcome: "pass", message, details };
}

function warningMessage(warned: ContractChange[], undocumented: string[]): string {
  const parts: string[] = [];
  const added = warned.filter((change) => change.kind === "stable-added");
  const reused = warned.filter((change) => change.kind === "name-reused");
  if (added.length > 0)
    parts.push(
      `${plural(added.length, "symbol")} added as stable with no draft period (${names(added)})`,
    );
  if (reused.length > 0)
    parts.push(`${plural(reused.length, "old name")} reused (${names(reused)})`);
  if (undocumented.length > 0)
    parts.push(`${plural(undocumented.length, "new symbol")} without documentation`);
  return `Nothing breaks, but: ${parts.join("; ")}.`;
}

/**
 * New symbols with no documentation (2.6.1): a zproject model documents a
 * member in its own text; a header's symbol needs a change under the docs paths.
 */
function undocumentedSymbols(
  changes: ContractChange[],
  snapshot: PullSnapshot,
  config: C4Config,
): string[] {
  const docsChanged = (snapshot.changedFiles ?? []).some((path) =>
    matchesAny(path, config.rules["public-contract"].docs),
  );
  return changes
    .filter((change) => change.kind === "stable-added" || change.kind === "draft-added")
    .filter((change) => (change.documented === undefined ? !docsChanged : !change.documented))
    .map((change) => change.symbol);
}

function names(changes: ContractChange[]): string {
  const shown = changes.slice(0, 5).map((change) => change.symbol);
  return changes.length > 5 ? `${shown.join(", ")}, ...` : shown.join(", ");
}

/** Whether a public-contract result is a break of the stable contract (2.6.3). */
export function isBreak(result: Pick<RuleResult, "details">): boolean {
  return (result.details ?? []).some((line) => /^2\.6\.3 stable-(removed|changed):/.test(line));
}

/** One line per change: clause, kind, symbol, file, and what it was and is. */
export function describeChange(change: ContractChange): string {
  const was = change.before === null ? "" : ` was \`${plain(change.before)}\``;
  const is = change.after === null ? "" : `${was ? "," : ""} is \`${plain(change.after)}\``;
  return `${change.clause} ${change.kind}: \`${plain(change.symbol)}\` in ${plain(change.file)}${was}${is}`;
}

/** File contents reach terminals and Markdown: no control characters, no backticks. */
function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "").replace(/`/g, "'");
}
