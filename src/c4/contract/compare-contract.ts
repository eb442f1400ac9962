import type { ContractFileSpec } from "./contract-files.ts";
import { contractSpecFor, isContractFile } from "./contract-files.ts";
import { type ContractChange, diffContract, isBreaking } from "./diff-contract.ts";
import { filesToParse, mayDeclare, type PlannedFile, withIncludes } from "./parse-plan.ts";
import { newParseCache, parseContractFiles } from "./parse-revision.ts";

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
  const files = inputs
    .flatMap((input): PlannedFile[] => {
      const spec = contractSpecFor(input.path, settings.files);
      const texts = [input.before, input.after];
      return spec && isContractFile(spec, settings.files, texts) ? [{ ...input, spec }] : [];
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const patterns = settings.ignore.map((source) => new RegExp(source, "u"));
  const options = {
    ignore: (symbol: string) => patterns.some((pattern) => pattern.test(symbol)),
    ...(removedBefore ? { removedBefore } : {}),
  };
  // A file parses once for both revisions when it is the same in both.
  const cache = newParseCache();
  const diff = (paths: ReadonlySet<string>) => {
    const parsed = files.filter((file) => paths.has(file.path));
    const side = (pick: "before" | "after") =>
      parseContractFiles(
        parsed.flatMap(({ path, spec, [pick]: text }) =>
          text === null ? [] : [{ path, spec, text }],
        ),
        cache,
      );
    return diffContract(side("before"), side("after"), options);
  };
  let parsed = filesToParse(files);
  let changes = diff(parsed);
  // Symbols match by name across files: a name a changed file adds or drops
  // may still be declared, unchanged, by a file left unparsed.
  const declaring = files.filter(
    (file) => !parsed.has(file.path) && changes.some((change) => mayDeclare(file, change.symbol)),
  );
  if (declaring.length > 0) {
    parsed = withIncludes(files, [...parsed, ...declaring.map((file) => file.path)]);
    changes = diff(parsed);
  }
  return {
    breaking: isBreaking(changes),
    files: files.map((file) => file.path),
    changes,
  };
}
