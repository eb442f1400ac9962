import type { Rule } from "../result.ts";
import type { Check, PullSnapshot } from "../snapshot.ts";
import { matchesCheckName } from "./check-pattern.ts";
import { ciEvidence, quoteList } from "./ci-evidence.ts";

/** The name of c4bot's own check run, which never counts towards CI. */
export const C4_CHECK_NAME = "C4";

export type CheckState = "success" | "failure" | "pending";

/**
 * C4 2.3.6: "A patch MUST compile cleanly and pass project self-tests on at
 * least the principal target platform." The principal checks are the ones
 * `principal` names (names or globs), else the base branch's required checks,
 * else every check; the others may fail. A head without checks in a project
 * that shows CI waits for them (issue 18): a grace period, then a visible hold.
 */
export const ciGreen: Rule = {
  id: "ci-green",
  clause: "2.3.6",
  scope: "pull",
  evaluate(snapshot, config) {
    const settings = config.rules["ci-green"];
    const checks = latestByName(snapshot.checks);
    const grace = graceOf(snapshot, settings.graceMinutes);
    const principal = principalOf(snapshot, settings.principal);
    if (principal) return byPrincipal(checks, principal, grace);
    if (checks.size === 0) return noChecksYet(snapshot, grace);

    const failed = [...checks].filter(([, check]) => stateOf(check) === "failure").map(([n]) => n);
    const running = [...checks].filter(([, check]) => stateOf(check) === "pending").map(([n]) => n);
    if (failed.length > 0) {
      return {
        outcome: "fail",
        message: `${failed.length === 1 ? "Check" : "Checks"} ${list(failed)} failed.`,
        fix: FIX,
      };
    }
    if (running.length > 0) {
      return {
        outcome: "pending",
        message: `Waiting for ${running.length === 1 ? "check" : "checks"} ${list(running)}.`,
      };
    }
    return {
      outcome: "pass",
      message: `${checks.size === 1 ? "The check" : `All ${checks.size} checks`} passed.`,
    };
  },
};

type Result = ReturnType<Rule["evaluate"]>;

const FIX = "Look at the failing check's log, fix the patch, and push: c4bot checks again.";
const APPROVE =
  "If the project's CI needs a maintainer's approval to run for a first-time contributor, a maintainer can approve the workflow run.";

/** Which checks block, and what to call them: configured, else required by the base branch. */
interface Principal {
  patterns: string[];
  /** "principal" (configured) or "required" (the base branch's rules). */
  noun: "principal" | "required";
}

function principalOf(snapshot: PullSnapshot, configured: string[]): Principal | null {
  if (configured.length > 0) return { patterns: configured, noun: "principal" };
  // A merge queue may require C4 itself: it cannot wait for its own verdict.
  const required = (snapshot.ci?.requiredChecks ?? []).filter((name) => name !== C4_CHECK_NAME);
  return required.length > 0 ? { patterns: required, noun: "required" } : null;
}

/** The end of the wait for CI to appear: from the later of the PR's opening and its head commit. */
interface Grace {
  minutes: number;
  endsAt: string;
  over: boolean;
}

function graceOf(snapshot: PullSnapshot, minutes: number): Grace {
  const head = snapshot.commits.at(-1)?.committedAt;
  const since = Math.max(Date.parse(snapshot.createdAt), head ? Date.parse(head) : 0);
  const end = since + minutes * 60_000;
  return {
    minutes,
    endsAt: new Date(end).toISOString(),
    over: Date.parse(snapshot.now) >= end,
  };
}

function byPrincipal(checks: Map<string, Check>, principal: Principal, grace: Grace): Result {
  const { patterns, noun } = principal;
  const Noun = noun === "principal" ? "Principal" : "Required";
  const matches = (name: string) => patterns.some((pattern) => matchesCheckName(pattern, name));
  const named = [...checks].filter(([name]) => matches(name));
  const missing = patterns.filter(
    (pattern) => ![...checks.keys()].some((name) => matchesCheckName(pattern, name)),
  );
  const failed = named.filter(([, check]) => stateOf(check) === "failure").map(([n]) => n);
  const running = named.filter(([, check]) => stateOf(check) === "pending").map(([n]) => n);
  const others = [...checks]
    .filter(([name, check]) => !matches(name) && stateOf(check) === "failure")
    .map(([n]) => n);
  const note = others.length > 0 ? ` (not ${noun}, so not blocking: ${list(others)} failed)` : "";
  if (failed.length > 0) {
    return {
      outcome: "fail",
      message: `${Noun} ${failed.length === 1 ? "check" : "checks"} ${list(failed)} failed${note}.`,
      fix: FIX,
    };
  }
  const waiting = [...running, ...missing];
  if (missing.length > 0 && running.length === 0 && grace.over) {
    return {
      outcome: "pending",
      message: `No CI reported: ${noun} ${missing.length === 1 ? "check" : "checks"} ${list(missing)} did not appear within ${grace.minutes} minutes; held${note}.`,
      fix: `${APPROVE} A check renamed in CI must be renamed in \`ci-green.principal\` or the branch's rules too.`,
    };
  }
  if (waiting.length > 0) {
    return {
      outcome: "pending",
      message: `Waiting for ${noun} ${waiting.length === 1 ? "check" : "checks"} ${list(waiting)}${note}.`,
      ...(missing.length > 0 && !grace.over ? { recheckAt: grace.endsAt } : {}),
    };
  }
  return { outcome: "pass", message: `${Noun} checks ${list(patterns)} passed${note}.` };
}

/** "No checks yet" is not "no CI" (issue 18): a project that shows CI waits for it. */
function noChecksYet(snapshot: PullSnapshot, grace: Grace): Result {
  const onBase = [...latestByName(snapshot.defaultBranchChecks).keys()];
  const evidence = ciEvidence(snapshot, onBase);
  if (evidence.length === 0) {
    return {
      outcome: "pass",
      message: `The project shows no CI (no workflow files, required checks, or checks on ${snapshot.repo.defaultBranch} or recent pull requests), so there is nothing to wait for.`,
    };
  }
  if (!grace.over) {
    return {
      outcome: "pending",
      message: `No check has started on this head yet, while the project has CI: ${evidence.join("; ")}.`,
      fix: APPROVE,
      recheckAt: grace.endsAt,
    };
  }
  return {
    outcome: "pending",
    message: `No CI reported on this head within ${grace.minutes} minutes, while the project has CI: ${evidence.join("; ")}. Held: c4bot does not merge a patch its CI has not seen.`,
    fix: `${APPROVE} A project without CI says so with \`ci-green: off\` in .github/c4.yml.`,
  };
}

/** A re-run leaves several checks with one name: the latest one counts. c4bot's own never does. */
export function latestByName(checks: Check[]): Map<string, Check> {
  const latest = new Map<string, Check>();
  for (const check of checks) {
    if (check.name === C4_CHECK_NAME) continue;
    const seen = latest.get(check.name);
    // Compare instants, not strings: "10:00:00.5Z" sorts before "10:00:00Z" as text.
    if (!seen?.at || !check.at || Date.parse(check.at) >= Date.parse(seen.at)) {
      latest.set(check.name, check);
    }
  }
  return latest;
}

export function stateOf(check: Check | undefined): CheckState {
  if (check?.status !== "completed") return "pending";
  switch (check.conclusion) {
    case "success":
    case "neutral":
    case "skipped":
      return "success";
    case null:
      return "pending";
    default:
      return "failure";
  }
}

function list(names: string[]): string {
  return quoteList(names);
}
