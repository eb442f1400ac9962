import type { ContractState, ContractSymbol, ParsedContract } from "./contract-symbol.ts";
import { indexSymbols } from "./diff-contract.ts";

/** One release's public contract, as parsed (parse-revision.ts). */
export interface ReleaseContract {
  tag: string;
  contracts: readonly ParsedContract[];
}

export interface HistorySettings {
  /** Releases in a row a draft must have kept its signature to be promoted (2.6.5). */
  draftReleases: number;
  /** Releases in a row a deprecated symbol must have shipped to be removed (2.6.7). */
  deprecatedReleases: number;
  /** Symbols left out (release bookkeeping such as `ZMQ_VERSION_MINOR`). */
  ignore?: (symbol: string) => boolean;
}

/** A symbol whose state has lasted long enough for its next step. */
export interface HistoryCandidate {
  /** The C name: `zsock_join`, `ZMQ_NOBLOCK`. */
  symbol: string;
  /** The file that declares it in the newest release. */
  file: string;
  state: ContractState;
  /** The oldest release of the run: the symbol has had this state since it. */
  since: string;
  /** Releases in a row, up to the newest, with this state. */
  releases: number;
}

export interface ContractHistory {
  /** Drafts unchanged for `draftReleases` releases: candidates for stable (2.6.5). */
  promote: HistoryCandidate[];
  /** Deprecated for `deprecatedReleases` releases: candidates for removal (2.6.7). */
  remove: HistoryCandidate[];
}

type Entry = { symbol: ContractSymbol; file: string };

/**
 * Reads the releases' contracts, oldest first, for the symbols whose state
 * has lasted long enough. A draft counts while it keeps the newest release's
 * signature: a draft that changed last release is not yet "stable and used by
 * real users" (2.6.5). A deprecated symbol (or legacy, which c4bot reads
 * as deprecated everywhere) counts while it stays deprecated, whatever its
 * signature. `head`, when
 * given, is the default branch now: a symbol it has already promoted,
 * removed or moved on is done, and left out until the next release shows it.
 */
export function contractHistory(
  releases: readonly ReleaseContract[],
  settings: HistorySettings,
  head?: readonly ParsedContract[],
): ContractHistory {
  const indexed = releases.map((release) => ({
    tag: release.tag,
    symbols: indexSymbols(release.contracts),
  }));
  const newest = indexed.at(-1);
  const now = head ? indexSymbols(head) : undefined;
  const result: ContractHistory = { promote: [], remove: [] };
  if (!newest) return result;
  for (const [name, entry] of [...newest.symbols].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (settings.ignore?.(name)) continue;
    const step = nextStep(entry.symbol);
    if (!step) continue;
    if (now && !sameStep(entry.symbol, now.get(name)?.symbol)) continue;
    const run = runLength(indexed, name, (older) => step.keeps(entry.symbol, older));
    const needed = step.list === "promote" ? settings.draftReleases : settings.deprecatedReleases;
    if (run < needed) continue;
    result[step.list].push({
      symbol: name,
      file: entry.file,
      state: entry.symbol.state,
      since: indexed[indexed.length - run]?.tag ?? newest.tag,
      releases: run,
    });
  }
  return result;
}

type Step = {
  list: keyof ContractHistory;
  /** Whether an older release's symbol continues the newest one's run. */
  keeps: (newest: ContractSymbol, older: ContractSymbol) => boolean;
};

const promotion: Step = {
  list: "promote",
  keeps: (newest, older) => older.state === "draft" && older.signature === newest.signature,
};
const removal: Step = { list: "remove", keeps: (_, older) => isDeprecated(older.state) };

function nextStep(symbol: ContractSymbol): Step | undefined {
  if (symbol.state === "draft") return promotion;
  return isDeprecated(symbol.state) ? removal : undefined;
}

function isDeprecated(state: ContractState): boolean {
  return state === "deprecated" || state === "legacy";
}

/** Whether the default branch still has the symbol as the newest release has it. */
function sameStep(released: ContractSymbol, current: ContractSymbol | undefined): boolean {
  if (!current || nextStep(current) !== nextStep(released)) return false;
  return released.state !== "draft" || current.signature === released.signature;
}

/** Releases in a row, back from the newest, in which the symbol continues its run. */
function runLength(
  releases: readonly { symbols: ReadonlyMap<string, Entry> }[],
  name: string,
  keeps: (older: ContractSymbol) => boolean,
): number {
  let run = 0;
  for (let i = releases.length - 1; i >= 0; i--) {
    const older = releases[i]?.symbols.get(name);
    if (!older || !keeps(older.symbol)) break;
    run += 1;
  }
  return run;
}
