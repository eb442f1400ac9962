import { breakingKinds, type ChangeKind, changeClause, classifyChange } from "./classify-change.ts";
import type { ContractSymbol, ParsedContract } from "./contract-symbol.ts";

/** One symbol's change, as `c4bot contract --format json` prints it. */
export interface ContractChange {
  symbol: string;
  /** The file that declares it (after the change, else before). */
  file: string;
  kind: ChangeKind;
  clause: string;
  /** `state: signature` before and after; null where it does not exist. */
  before: string | null;
  after: string | null;
  /** zproject: whether the model documents the new symbol (2.6.1). */
  documented?: boolean;
}

export interface DiffOptions {
  /** Symbols left out (release bookkeeping such as `ZMQ_VERSION_MINOR`). */
  ignore?: (symbol: string) => boolean;
  /** Signatures of names removed in earlier revisions, where history is known (2.6.8). */
  removedBefore?: ReadonlyMap<string, string>;
}

/**
 * Compares the contract of two revisions symbol by symbol. Symbols are
 * matched by name across files, so one moved between headers is no change;
 * comments, whitespace, order and documentation never reach a signature.
 */
export function diffContract(
  before: readonly ParsedContract[],
  after: readonly ParsedContract[],
  options: DiffOptions = {},
): ContractChange[] {
  const was = indexSymbols(before);
  const is = indexSymbols(after);
  const names = new Set([...was.keys(), ...is.keys()]);
  const changes: ContractChange[] = [];
  for (const name of [...names].sort()) {
    if (options.ignore?.(name)) continue;
    const old = was.get(name);
    const now = is.get(name);
    const kind = classifyChange(old?.symbol, now?.symbol, options.removedBefore?.get(name));
    if (!kind) continue;
    const file = (now ?? old)?.file ?? "";
    changes.push({
      symbol: name,
      file,
      kind,
      clause: changeClause[kind],
      before: old ? describe(old.symbol) : removedBefore(options.removedBefore?.get(name)),
      after: now ? describe(now.symbol) : null,
      ...(now?.symbol.documented === undefined ? {} : { documented: now.symbol.documented }),
    });
  }
  return changes;
}

export function isBreaking(changes: readonly ContractChange[]): boolean {
  return changes.some((change) => breakingKinds.has(change.kind));
}

function removedBefore(signature: string | undefined): string | null {
  return signature === undefined ? null : `removed: ${signature}`;
}

function describe(symbol: ContractSymbol): string {
  return `${symbol.state}: ${symbol.signature}`;
}

/** Symbols by name, with the file that declares each; a name declared twice keeps its first. */
export function indexSymbols(contracts: readonly ParsedContract[]) {
  const map = new Map<string, { symbol: ContractSymbol; file: string }>();
  for (const contract of contracts) {
    for (const symbol of contract.symbols) {
      const file = symbol.source ?? contract.path;
      if (!map.has(symbol.symbol)) map.set(symbol.symbol, { symbol, file });
    }
  }
  return map;
}
