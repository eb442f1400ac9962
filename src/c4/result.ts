import type { C4Config } from "./config.ts";
import type { PullSnapshot } from "./snapshot.ts";

/** The public rule ids: users name them in `.github/c4.yml`, so they never change. */
export const ruleIds = [
  "problem-statement",
  "commit-message",
  "self-contained",
  "from-fork",
  "target-branch",
  "ci-green",
  "self-merge",
  "no-value-judgement",
  "author-account",
  "foreign-code",
  "default-branch-green",
  "public-contract",
] as const;
export type RuleId = (typeof ruleIds)[number];

/**
 * - `pass`: the rule holds.
 * - `fail`: it does not; with the rule at `block` this stops the merge.
 * - `warn`: worth saying, never stops a merge (a `fail` at level `warn` becomes one).
 * - `pending`: not decidable yet (CI running, quiet period not over): wait.
 * - `skip`: the rule does not apply here, or is turned off.
 */
export type Outcome = "pass" | "fail" | "warn" | "pending" | "skip";

/** One commit's result under a commit-level rule. */
export interface CommitResult {
  sha: string;
  /** The commit's first line, so a reader recognises it without the sha. */
  subject: string;
  outcome: Extract<Outcome, "pass" | "fail" | "warn" | "skip">;
  /** What is wrong, one short sentence each; empty when the commit passes. */
  problems: string[];
  /** What was read with tolerance (`"Problem :" read as "Problem:"`): said, never held against it. */
  notes?: string[];
  /** Why a skipped commit is exempt (the subject pattern or author login that exempts it). */
  exempt?: string;
}

export interface RuleResult {
  rule: RuleId;
  /** The C4 (RFC 42) clause the rule enforces, e.g. "2.3.7". */
  clause: string;
  outcome: Outcome;
  /** One sentence: what holds, or what is wrong. */
  message: string;
  /** How to fix it, when it fails: plain words, or the commands to run. */
  fix?: string;
  /** Commit-level rules list every commit they looked at. */
  commits?: CommitResult[];
  /** Lines listed under the result (the contract changes, each with its clause). */
  details?: string[];
  /** For `pending`: when it is worth evaluating again without a new event. */
  recheckAt?: string;
  /** Whether this result stops the merge (set by `evaluate` from the rule's level). */
  blocking?: boolean;
}

/**
 * Where the commits are judged, which decides what fixing them takes
 * (issue 21): a pull request's pushed commits (`pull`), a local range
 * (`range`, `c4bot check`), or a message git has not committed yet
 * (`message`, the commit-msg hook: amending would rewrite the previous,
 * good commit).
 */
export type Setting = "pull" | "range" | "message";

/** What a rule needs: the snapshot (or just its commits), the parsed config, and the setting. */
export interface Rule {
  id: RuleId;
  clause: string;
  /** Commit-level rules can run on bare commits (`c4bot check` on a local range). */
  scope: "commits" | "pull";
  evaluate(
    snapshot: PullSnapshot,
    config: C4Config,
    /** `pull` when not given. */
    setting?: Setting,
  ): Omit<RuleResult, "rule" | "clause">;
}

/**
 * - `merge`: every blocking rule passes: a correct patch (C4 2.3.8), merge it now.
 * - `wait`: nothing fails but something is pending (CI, the self-merge quiet period).
 * - `reject`: a blocking rule fails: the contributor has something to fix.
 */
export type Decision = "merge" | "wait" | "reject";

export interface Verdict {
  decision: Decision;
  /** True when the decision is `merge`. */
  correct: boolean;
  results: RuleResult[];
  /** The earliest time a pending rule asks to be evaluated again. */
  recheckAt?: string;
  /**
   * The pull request is a draft: its author says it is not finished. The
   * decision is then `wait` (never `merge`), and the blocking results say
   * what would stop the merge once it is marked ready.
   */
  draft?: true;
}
