import { createHash } from "node:crypto";
import type { Verdict } from "../c4/index.ts";

/**
 * Bumped when the rules change what they decide from the same inputs, so
 * every verdict made before is evaluated again once.
 */
const POLICY_EPOCH = "1";

/** What a verdict is made from, as both the snapshot and a sweep's list can read it. */
export interface EvaluationInputs {
  headSha: string;
  /** The pull request's `updatedAt`: edits, labels, comments, reviews and pushes move it. */
  updatedAt: string;
  /** The blob ids of `.github/c4.yml` in the repository and in the organisation's `.github`. */
  configOids: { repo: string | null; org: string | null };
}

/** A short, stable name for the inputs, kept in the check run's `external_id`. */
export function inputsFingerprint(inputs: EvaluationInputs): string {
  const text = [
    POLICY_EPOCH,
    inputs.headSha,
    inputs.updatedAt,
    inputs.configOids.repo ?? "",
    inputs.configOids.org ?? "",
  ].join("\n");
  return `c4:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}

/**
 * Whether a verdict can change only when its inputs do, so a sweep may skip
 * the pull request while they stay the same: a rejection that no CI result
 * or passing time can turn (some blocking rule other than `ci-green` fails).
 * A merge, a wait (CI running, a quiet period) or a rejection by CI alone is
 * always evaluated again: a lost webhook or job must not leave it stuck.
 */
export function isSettled(verdict: Verdict, merging: boolean): boolean {
  if (merging) return false;
  // A draft waits for its author, not for time: settled unless something runs.
  if (verdict.draft) return !verdict.results.some((result) => result.outcome === "pending");
  if (verdict.decision !== "reject") return false;
  return verdict.results.some(
    (result) => result.outcome === "fail" && result.blocking === true && result.rule !== "ci-green",
  );
}
