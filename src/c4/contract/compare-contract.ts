import type { ContractFileSpec } from "./contract-files.ts";
import { contractSpecFor, isContractFile } from "./contract-files.ts";
import type { ContractSymbol, ParsedContract } from "./contract-symbol.ts";
import { type ContractChange, diffContract, isBreaking } from "./diff-contract.ts";
import { type ApiCache, parseApiFiles } from "./parse-api.ts";
import { parseHeader } from "./parse-header.ts";

/** One candidate file's text at the base and at the head; null: absent there. */
export interface ContractInput {
  path: string;
  before: string | null;
  after: string | null;
}

export interface ContractSettings {
  /** `rules.public-contract.files`; empty: ZeroMQ's layouts. */
  files: readonly ContractFileSpec[];
  /** Regular expressions on symbol names to leave out. */
  ignore: readonly string[];
}

/** What `c4bot contract --format json` prints; scripts may rely on its shape. */
export interface ContractReport {
  breaking: boolean;
  /** The contract files read, in either revision. */
  files: string[];
  changes: ContractChange[];
}

/**
 * Compares the public contract of two revisions (C4 2.3.4, 2.6). Pure: the
 * caller reads the files (git in the CLI, GraphQL on a pull request). Throws
 * ContractParseError on a malformed model.
 */
export function compareContract(
  inputs: readonly ContractInput[],
  settings: ContractSettings,
  removedBefore?: ReadonlyMap<string, string>,
): ContractReport {
  const chosen = inputs
    .map((input) => ({ input, spec: contractSpecFor(input.path, settings.files) }))
    .filter(
      (entry): entry is { input: ContractInput; spec: ContractFileSpec } =>
        entry.spec !== undefined &&
        isContractFile(entry.spec, settings.files, [entry.input.before, entry.input.after]),
    )
    .sort((a, b) => (a.input.path < b.input.path ? -1 : a.input.path > b.input.path ? 1 : 0));
  // An unchanged file parses once for both revisions: most of a contract is.
  const cache: ParseCache = { headers: new Map(), models: new Map() };
  const side = (pick: (input: ContractInput) => string | null) =>
    parseRevision(
      cache,
      chosen.flatMap(({ input, spec }) => {
        const text = pick(input);
        return text === null ? [] : [{ path: input.path, spec, text }];
      }),
    );
  const patterns = settings.ignore.map((source) => new RegExp(source, "u"));
  const changes = diffContract(
    side((input) => input.before),
    side((input) => input.after),
    {
      ignore: (symbol) => patterns.some((pattern) => pattern.test(symbol)),
      ...(removedBefore ? { removedBefore } : {}),
    },
  );
  return {
    breaking: isBreaking(changes),
    files: chosen.map(({ input }) => input.path),
    changes,
  };
}

interface ParseCache {
  headers: Map<string, ContractSymbol[]>;
  models: ApiCache;
}

function parseRevision(
  cache: ParseCache,
  files: { path: string; spec: ContractFileSpec; text: string }[],
): ParsedContract[] {
  const models = new Map(
    files.filter((file) => file.spec.kind === "zproject").map((file) => [file.path, file.text]),
  );
  const parsed: ParsedContract[] = [...parseApiFiles(models, cache.models)].map(
    ([path, symbols]) => ({ path, symbols }),
  );
  for (const file of files) {
    if (file.spec.kind !== "c-header") continue;
    const key = `${file.spec.draft ?? ""}\0${file.text}`;
    let symbols = cache.headers.get(key);
    if (!symbols) {
      symbols = parseHeader(file.text, file.spec.draft ? { draft: file.spec.draft } : {});
      cache.headers.set(key, symbols);
    }
    parsed.push({ path: file.path, symbols });
  }
  return parsed;
}
