/**
 * The public contract as plain data (C4 2.6): one entry per symbol a user of
 * the library can name, with its state and a normalised signature. Two
 * revisions are compared symbol by symbol (diff-contract.ts).
 */

/**
 * zproject's states (`state="..."` in `api/*.api`); a C header knows `draft`
 * (inside the `*_BUILD_DRAFT_API` guard), `deprecated` (marked in a comment or
 * a `*_DEPRECATED` macro) and `stable` (everything else).
 */
export type ContractState = "draft" | "stable" | "deprecated" | "legacy";

/** What the symbol is, as a reader of the header would call it. */
export type SymbolKind =
  | "function"
  | "macro"
  | "type"
  | "enum-constant"
  | "variable"
  | "method"
  | "callback"
  | "constant";

export interface ContractSymbol {
  /** The C name: `zmq_msg_init`, `ZMQ_PAIR`, `zsock_new_pub`, `ZSOCK_DEFAULT`. */
  symbol: string;
  kind: SymbolKind;
  state: ContractState;
  /**
   * What a change of is a change of the contract, normalised so that
   * comments, whitespace, parameter names and documentation are no change.
   */
  signature: string;
  /** zproject: whether the model documents it; headers: unknown (undefined). */
  documented?: boolean;
  /** The file that declares it, when not the one parsed (a zproject `<include>`). */
  source?: string;
}

/** How a contract file is read. */
export type ContractFileKind = "c-header" | "zproject";

/** One contract file of one revision, as parsed. */
export interface ParsedContract {
  path: string;
  symbols: ContractSymbol[];
}
