import type { ContractFileKind } from "./contract-symbol.ts";
import { globToRegExp } from "./glob.ts";

/** One entry of `rules.public-contract.files` in `.github/c4.yml`. */
export interface ContractFileSpec {
  /** A path or glob: `include/zmq.h`, `api/*.api`. */
  path: string;
  kind: ContractFileKind;
  /** The macro guarding draft declarations in a header; default any `*_BUILD_DRAFT_API`. */
  draft?: string | undefined;
}

/**
 * ZeroMQ's layouts, found with no config: zproject models, and public headers
 * (which count only when they carry a `*_BUILD_DRAFT_API` guard, see below).
 */
export const defaultContractFiles: readonly ContractFileSpec[] = [
  { path: "api/*.api", kind: "zproject" },
  { path: "include/**/*.h", kind: "c-header" },
];

const DRAFT_GUARD = /\b\w+_BUILD_DRAFT_API\b/;

/** The spec a path falls under, before its text is known: a candidate to read. */
export function contractSpecFor(
  path: string,
  configured: readonly ContractFileSpec[],
): ContractFileSpec | undefined {
  const specs = configured.length > 0 ? configured : defaultContractFiles;
  return specs.find((spec) => globToRegExp(spec.path).test(path));
}

/**
 * Whether a candidate is a contract file once its texts are known. Named in
 * config: always. Found by default: a header only with a draft guard in one
 * of its revisions, since a public header without one marks nothing.
 */
export function isContractFile(
  spec: ContractFileSpec,
  configured: readonly ContractFileSpec[],
  texts: readonly (string | null)[],
): boolean {
  if (configured.length > 0 || spec.kind === "zproject") return true;
  return texts.some((text) => text !== null && DRAFT_GUARD.test(text));
}

/**
 * The directories that hold every file the specs can match: each glob's
 * part before its first wildcard, up to a `/` (`api/*.api`: `api`;
 * `include/zmq.h`: `include`; `*.h`: the root, ""). A directory inside
 * another listed one is left out. What a reader of a revision's tree lists.
 */
export function contractRoots(configured: readonly ContractFileSpec[]): string[] {
  const specs = configured.length > 0 ? configured : defaultContractFiles;
  const dirs = specs.map((spec) => {
    const wild = spec.path.search(/[*?[]/);
    const fixed = wild === -1 ? spec.path : spec.path.slice(0, wild);
    return fixed.includes("/") ? fixed.slice(0, fixed.lastIndexOf("/")) : "";
  });
  const unique = [...new Set(dirs)].sort();
  return unique.filter(
    (dir) =>
      !unique.some((other) => other !== dir && (other === "" || dir.startsWith(`${other}/`))),
  );
}
