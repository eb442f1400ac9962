import { type ContractFileSpec, contractSpecFor, isContractFile } from "./contract-files.ts";
import type { ParsedContract } from "./contract-symbol.ts";
import { type ApiCache, parseApiFiles } from "./parse-api.ts";
import { parseHeader } from "./parse-header.ts";

/** One file of one revision (a release's tag), as read from the repository. */
export interface RevisionFile {
  path: string;
  text: string;
}

/**
 * The public contract of one revision: its contract files chosen as the
 * pull request rule chooses them (contract-files.ts), then parsed. `cache`
 * is shared across revisions, so a model no release changed parses once.
 * Throws ContractParseError on a malformed model.
 */
export function parseRevision(
  files: readonly RevisionFile[],
  configured: readonly ContractFileSpec[],
  cache: ApiCache = new Map(),
): ParsedContract[] {
  const models = new Map<string, string>();
  const headers: ParsedContract[] = [];
  for (const file of files) {
    const spec = contractSpecFor(file.path, configured);
    if (!spec || !isContractFile(spec, configured, [file.text])) continue;
    if (spec.kind === "zproject") models.set(file.path, file.text);
    else {
      const options = spec.draft ? { draft: spec.draft } : {};
      headers.push({ path: file.path, symbols: parseHeader(file.text, options) });
    }
  }
  const parsed = [...parseApiFiles(models, cache)].map(([path, symbols]) => ({ path, symbols }));
  return [...parsed, ...headers].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
