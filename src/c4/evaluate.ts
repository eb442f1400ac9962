import type { C4Config } from "./config.ts";
import type { Decision, Rule, RuleResult, Setting, Verdict } from "./result.ts";
import { rules } from "./rules/index.ts";
import type { Commit, PullSnapshot } from "./snapshot.ts";

/**
 * Judges a pull request against C4. Pure: the same snapshot and config always
 * give the same verdict, and the clock is the snapshot's `now`.
 */
export function evaluate(snapshot: PullSnapshot, config: C4Config): Verdict {
  const verdict = decide(rules.map((rule) => run(rule, snapshot, config, "pull")));
  return snapshot.draft ? asDraft(verdict) : verdict;
}

/**
 * A draft is judged as if it were ready, so its author sees what would block,
 * but it is never merged and nothing about it is worth a timed recheck:
 * marking it ready is an event of its own.
 */
function asDraft(verdict: Verdict): Verdict {
  const { recheckAt: _recheckAt, ...rest } = verdict;
  return { ...rest, decision: "wait", correct: false, draft: true };
}

/**
 * Judges bare commits, as `c4bot check` finds them in a local repository
 * (`range`) or the commit-msg hook hands it one message (`message`): only
 * the commit-level rules, since there is no pull request around them, and
 * `public-contract` when the caller read the contract files of the range.
 */
export function evaluateCommits(
  commits: Commit[],
  config: C4Config,
  now = new Date().toISOString(),
  setting: Exclude<Setting, "pull"> = "range",
  contract?: Pick<PullSnapshot, "contractFiles" | "changedFiles">,
): Verdict {
  const snapshot = { ...commitsOnly(commits, now), ...contract };
  const commitRules = rules.filter(
    (rule) => rule.scope === "commits" || (contract !== undefined && rule.id === "public-contract"),
  );
  return decide(commitRules.map((rule) => run(rule, snapshot, config, setting)));
}

function run(rule: Rule, snapshot: PullSnapshot, config: C4Config, setting: Setting): RuleResult {
  const level = config.rules[rule.id].level;
  const head = { rule: rule.id, clause: rule.clause };
  if (level === "off") {
    return { ...head, outcome: "skip", message: "Turned off in .github/c4.yml.", blocking: false };
  }
  const result = rule.evaluate(snapshot, config, setting);
  // At level `warn` a failure is said, never enforced.
  const outcome = result.outcome === "fail" && level === "warn" ? "warn" : result.outcome;
  const blocking = level === "block" && (outcome === "fail" || outcome === "pending");
  return { ...head, ...result, outcome, blocking };
}

function decide(results: RuleResult[]): Verdict {
  const blocking = results.filter((result) => result.blocking);
  const decision: Decision = blocking.some((result) => result.outcome === "fail")
    ? "reject"
    : blocking.length > 0
      ? "wait"
      : "merge";
  const recheckAt = blocking
    .map((result) => result.recheckAt)
    .filter((time): time is string => time !== undefined)
    .sort()[0];
  return {
    decision,
    correct: decision === "merge",
    results,
    ...(decision === "wait" && recheckAt ? { recheckAt } : {}),
  };
}

function commitsOnly(commits: Commit[], now: string): PullSnapshot {
  return {
    repo: { owner: "", name: "", defaultBranch: "main" },
    number: 1,
    title: "",
    body: "",
    draft: false,
    author: { login: "", permission: "none" },
    base: { ref: "main", repo: "" },
    head: { ref: "", sha: commits[commits.length - 1]?.sha ?? "", repo: null },
    labels: [],
    milestone: null,
    commits,
    closingIssues: [],
    checks: [],
    defaultBranchChecks: [],
    reviews: [],
    createdAt: now,
    updatedAt: now,
    now,
  };
}
