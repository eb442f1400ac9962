import { posix } from "node:path";
import type { ContractFileSpec } from "./contract-files.ts";

/** A contract file with its texts at the base and at the head (null: absent). */
export interface PlannedFile {
  path: string;
  spec: ContractFileSpec;
  before: string | null;
  after: string | null;
}

/**
 * The files a comparison must parse: every file that changed, and the models
 * tied to one by `<include>` (a class that includes a changed fragment
 * changes with it; a changed class needs the fragments it includes). A file
 * identical at both revisions declares the same symbols at both, so most of
 * a contract need not be parsed at all.
 */
export function filesToParse(files: readonly PlannedFile[]): Set<string> {
  return withIncludes(
    files,
    files.filter((file) => file.before !== file.after).map((file) => file.path),
  );
}

/** `paths`, and every model tied to one of them by `<include>`, either way. */
export function withIncludes(files: readonly PlannedFile[], paths: Iterable<string>): Set<string> {
  const chosen = new Set(paths);
  const includes = new Map(files.map((file) => [file.path, includedPaths(file)]));
  let grew = chosen.size > 0;
  while (grew) {
    grew = false;
    for (const [path, targets] of includes) {
      const linked = chosen.has(path)
        ? targets
        : targets.some((target) => chosen.has(target))
          ? [path]
          : [];
      for (const next of linked) {
        if (!includes.has(next) || chosen.has(next)) continue;
        chosen.add(next);
        grew = true;
      }
    }
  }
  return chosen;
}

/**
 * Whether a file left unparsed might declare `symbol` (an over-estimate, by
 * text alone). Symbols are matched by name across files, so a name that a
 * changed file adds or drops while an unchanged file also declares it is no
 * change at all: such files must be parsed after all.
 */
export function mayDeclare(file: PlannedFile, symbol: string): boolean {
  const text = file.after ?? file.before ?? "";
  if (file.spec.kind === "c-header") {
    const name = /\w+$/.exec(symbol)?.[0] ?? symbol;
    return text.includes(name);
  }
  // A model's C names all start with one of its classes' names (or, for a
  // fragment no class includes, its file's); constants are upper-cased.
  const owners = [...text.matchAll(CLASS_NAME)].map((match) => match[1] as string);
  const lower = symbol.toLowerCase();
  return [...owners, posix.basename(file.path, ".api")].some((owner) =>
    lower.startsWith(
      `${owner
        .trim()
        .replace(/[\s-]+/g, "_")
        .toLowerCase()}_`,
    ),
  );
}

const CLASS_NAME = /<class\b[^>]*?\bname\s*=\s*["']([^"']*)["']/g;
const INCLUDE = /<include\b[^>]*?\bfilename\s*=\s*["']([^"']+)["']/g;

/** The models a model pulls in, in either revision, as paths. */
function includedPaths(file: PlannedFile): string[] {
  if (file.spec.kind !== "zproject") return [];
  const paths = new Set<string>();
  for (const text of [file.before, file.after]) {
    if (text === null) continue;
    for (const match of text.matchAll(INCLUDE)) {
      paths.add(posix.normalize(posix.join(posix.dirname(file.path), match[1] as string)));
    }
  }
  return [...paths];
}
