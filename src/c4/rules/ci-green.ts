import type { Rule } from "../result.ts";
import type { Check } from "../snapshot.ts";

/** The name of c4bot's own check run, which never counts towards CI. */
export const C4_CHECK_NAME = "C4";

export type CheckState = "success" | "failure" | "pending";

/**
 * C4 2.3.6: "A patch MUST compile cleanly and pass project self-tests on at
 * least the principal target platform." By default every check on the head
 * must succeed; with `principal` set, only those must, and others may fail.
 */
export const ciGreen: Rule = {
  id: "ci-green",
  clause: "2.3.6",
  scope: "pull",
  evaluate(snapshot, config) {
    const { principal } = config.rules["ci-green"];
    const checks = latestByName(snapshot.checks);

    if (principal.length > 0) {
      const missing = principal.filter((name) => !checks.has(name));
      const failed = principal.filter((name) => stateOf(checks.get(name)) === "failure");
      const running = principal.filter(
        (name) => checks.has(name) && stateOf(checks.get(name)) === "pending",
      );
      const others = [...checks.keys()].filter(
        (name) => !principal.includes(name) && stateOf(checks.get(name)) === "failure",
      );
      const note =
        others.length > 0 ? ` (not principal, so not blocking: ${list(others)} failed)` : "";
      if (failed.length > 0) {
        return {
          outcome: "fail",
          message: `Principal ${failed.length === 1 ? "check" : "checks"} ${list(failed)} failed.`,
          fix: "Look at the failing check's log, fix the patch, and push: c4bot checks again.",
        };
      }
      if (missing.length + running.length > 0) {
        return {
          outcome: "pending",
          message: `Waiting for principal ${missing.length + running.length === 1 ? "check" : "checks"} ${list([...running, ...missing])}${note}.`,
        };
      }
      return { outcome: "pass", message: `Principal checks ${list(principal)} passed${note}.` };
    }

    if (checks.size === 0) {
      const projectCi = [...latestByName(snapshot.defaultBranchChecks).keys()];
      if (projectCi.length > 0) {
        return {
          outcome: "pending",
          message: `No check has started on this head yet, while ${snapshot.repo.defaultBranch} runs ${list(projectCi)}.`,
          fix: "If the project's CI needs a maintainer's approval to run for a first-time contributor, a maintainer can approve the workflow run.",
        };
      }
      return {
        outcome: "pass",
        message: "The project shows no CI, so there is nothing to wait for.",
      };
    }

    const failed = [...checks].filter(([, check]) => stateOf(check) === "failure").map(([n]) => n);
    const running = [...checks].filter(([, check]) => stateOf(check) === "pending").map(([n]) => n);
    if (failed.length > 0) {
      return {
        outcome: "fail",
        message: `${failed.length === 1 ? "Check" : "Checks"} ${list(failed)} failed.`,
        fix: "Look at the failing check's log, fix the patch, and push: c4bot checks again.",
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
  return names.map((name) => `"${name}"`).join(", ");
}
