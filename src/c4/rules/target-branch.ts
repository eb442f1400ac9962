import type { Rule } from "../result.ts";

/**
 * C4 2.5.2: "The project SHALL NOT use topic branches for any reason."
 * Every patch goes to the one branch that holds the latest work (2.5.1).
 */
export const targetBranch: Rule = {
  id: "target-branch",
  clause: "2.5.2",
  scope: "pull",
  evaluate(snapshot) {
    const wanted = snapshot.repo.defaultBranch;
    if (snapshot.base.ref === wanted) {
      return { outcome: "pass", message: `The patch targets the default branch, ${wanted}.` };
    }
    return {
      outcome: "fail",
      message: `The patch targets "${snapshot.base.ref}", not the default branch "${wanted}".`,
      fix: `Change the pull request's base branch to ${wanted} (Edit, next to the title; or \`gh pr edit ${snapshot.number} --base ${wanted}\`).`,
    };
  },
};
