import type { ContractFileSpec } from "./contract-files.ts";
import { contractSpecFor, isContractFile } from "./contract-files.ts";
import type { ContractSymbol, ParsedContract } from "./contract-symbol.ts";
import { type ApiCache, parseApiFiles } from "./parse-api.ts";
import { type DeclarationMemo, parseHeader } from "./parse-header.ts";

/** One file of one revision (a release's tag), as read from the repository. */
export interface RevisionFile {
  path: string;
  text: string;
}

/**
 * What parsing has learnt, shared across revisions: a file the same in two
 * of them parses once, and a header's declarations are read once.
 */
export interface ParseCache {
  headers: Map<string, ContractSymbol[]>;
  declarations: DeclarationMemo;
  models: ApiCache;
}

export function newParseCache(): ParseCache {
  return { headers: new Map(), declarations: new Map(), models: new Map() };
}

/**
 * The public contract of one revision: its contract files chosen as the
 * pull request rule chooses them (contract-files.ts), then parsed.
 * Throws ContractParseError on a malformed model.
 */
export function parseRevision(
  files: readonly RevisionFile[],
  configured: readonly ContractFileSpec[],
  cache: ParseCache = newParseCache(),
): ParsedContract[] {
  const chosen = files.flatMap((file) => {
    const spec = contractSpecFor(file.path, configured);
    return spec && isContractFile(spec, configured, [file.text]) ? [{ ...file, spec }] : [];
  });
  return parseContractFiles(chosen, cache);
}

/**
 * Parses contract files whose kind is known, in path order: a name declared
 * in two files is the first one's (diff-contract.ts).
 */
export function parseContractFiles(
  files: readonly { path: string; spec: ContractFileSpec; text: string }[],
  cache: ParseCache,
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
      const options = file.spec.draft ? { draft: file.spec.draft } : {};
      symbols = parseHeader(file.text, options, cache.declarations);
      cache.headers.set(key, symbols);
    }
    parsed.push({ path: file.path, symbols });
  }
  return parsed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
