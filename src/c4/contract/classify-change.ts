import type { ContractSymbol } from "./contract-symbol.ts";

/** How one symbol changed between two revisions, in the words of C4 2.6. */
export type ChangeKind =
  | "stable-added"
  | "stable-removed"
  | "stable-changed"
  | "draft-added"
  | "draft-changed"
  | "draft-removed"
  | "promoted"
  | "deprecated"
  | "deprecated-removed"
  | "name-reused";

/** The clause each kind answers to (RFC 42). */
export const changeClause: Record<ChangeKind, string> = {
  "stable-added": "2.6.5",
  "stable-removed": "2.6.3",
  "stable-changed": "2.6.3",
  "draft-added": "2.6.5",
  "draft-changed": "2.6.5",
  "draft-removed": "2.6.5",
  promoted: "2.6.5",
  deprecated: "2.6.6",
  "deprecated-removed": "2.6.7",
  "name-reused": "2.6.8",
};

/** Kinds that break existing applications (2.6.3): they hold the merge. */
export const breakingKinds: ReadonlySet<ChangeKind> = new Set(["stable-removed", "stable-changed"]);

/** What a user of the library can still rely on: stable, and the not-yet-removed old. */
function isPublic(symbol: ContractSymbol): boolean {
  return symbol.state !== "draft";
}

/**
 * Classifies one symbol's change; undefined when nothing that matters
 * changed. `previously` is its signature in an older revision, when the
 * name was removed before and history is known (2.6.8).
 */
export function classifyChange(
  before: ContractSymbol | undefined,
  after: ContractSymbol | undefined,
  previously?: string,
): ChangeKind | undefined {
  if (!before && after) {
    if (previously !== undefined && previously !== after.signature) return "name-reused";
    return after.state === "draft" ? "draft-added" : "stable-added";
  }
  if (before && !after) {
    if (before.state === "draft") return "draft-removed";
    return before.state === "stable" ? "stable-removed" : "deprecated-removed";
  }
  if (!before || !after) return undefined;
  const changed = before.signature !== after.signature;
  if (!isPublic(before)) {
    if (isPublic(after)) return "promoted";
    return changed ? "draft-changed" : undefined;
  }
  // A stable symbol moved back to draft is gone for everyone who does not build drafts.
  if (!isPublic(after)) return before.state === "stable" ? "stable-removed" : "deprecated-removed";
  if (changed) return "stable-changed";
  if (before.state === "stable" && after.state !== "stable") return "deprecated";
  return undefined;
}
