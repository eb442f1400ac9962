export {
  breakingKinds,
  type ChangeKind,
  changeClause,
  classifyChange,
} from "./classify-change.ts";
export {
  type ContractInput,
  type ContractReport,
  type ContractSettings,
  compareContract,
} from "./compare-contract.ts";
export { ContractParseError } from "./contract-error.ts";
export {
  type ContractFileSpec,
  contractRoots,
  contractSpecFor,
  defaultContractFiles,
  isContractFile,
} from "./contract-files.ts";
export {
  type ContractHistory,
  contractHistory,
  type HistoryCandidate,
  type HistorySettings,
  type ReleaseContract,
} from "./contract-history.ts";
export type {
  ContractState,
  ContractSymbol,
  ParsedContract,
  SymbolKind,
} from "./contract-symbol.ts";
export { type ContractChange, diffContract, isBreaking } from "./diff-contract.ts";
export { matchesAny } from "./glob.ts";
export { parseApiFiles } from "./parse-api.ts";
export { parseHeader } from "./parse-header.ts";
export {
  newParseCache,
  type ParseCache,
  parseRevision,
  type RevisionFile,
} from "./parse-revision.ts";
