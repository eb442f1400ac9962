import type { Rule } from "../result.ts";
import { latestByName, stateOf } from "./ci-green.ts";

/**
 * C4 2.5.1: "The project SHALL have one branch ("main") that always holds
 * the latest in-progress version and SHOULD always build." While the default
 * branch's own CI is red, a patch's green checks prove little (they ran on a
 * broken base), and every merge piles onto the breakage: correct patches
 * wait. The patch that repairs the build is merged by a maintainer's
 * `/c4 merge <reason>` (C4 2.4.16), which the message says.
 *
 * With `ci-green.principal` set, only those checks count on the default branch
 * too: a failing side job there pauses nothing.
 */
export const defaultBranchGreen: Rule = {
  id: "default-branch-green",
  clause: "2.5.1",
  scope: "pull",
  evaluate(snapshot, config) {
    const { principal } = config.rules["ci-green"];
    const branch = snapshot.repo.defaultBranch;
    const failed = [...latestByName(snapshot.defaultBranchChecks)]
      .filter(([name]) => principal.length === 0 || principal.includes(name))
      .filter(([, check]) => stateOf(check) === "failure")
      .map(([name]) => `"${name}"`);
    if (failed.length === 0) {
      return { outcome: "pass", message: `${branch} builds: no check fails on its head.` };
    }
    return {
      outcome: "pending",
      message: `${branch} is red (${failed.join(", ")} failed on its head), so merging waits until it builds again.`,
      fix: [
        `Fix ${branch} first. If this pull request is that fix, a maintainer merges it with`,
        "    /c4 merge fixes the red build",
        `Every other correct patch merges by itself once ${branch} is green.`,
      ].join("\n"),
    };
  },
};
