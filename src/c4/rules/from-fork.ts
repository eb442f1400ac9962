import type { Rule } from "../result.ts";

/**
 * C4 2.4.7: "To work on an issue, a Contributor SHALL fork the project
 * repository and then work on their forked repository"; 2.5.2: no topic
 * branches in the project itself.
 */
export const fromFork: Rule = {
  id: "from-fork",
  clause: "2.4.7",
  scope: "pull",
  evaluate(snapshot) {
    const { head, base } = snapshot;
    if (head.repo === null) {
      return {
        outcome: "pass",
        message: "The patch came from a fork that has since been deleted.",
      };
    }
    if (head.repo.toLowerCase() !== base.repo.toLowerCase()) {
      return { outcome: "pass", message: `The patch comes from the fork ${head.repo}.` };
    }
    return {
      outcome: "fail",
      message: `The patch comes from the branch "${head.ref}" of ${base.repo} itself, not from a fork.`,
      fix: [
        `Fork ${base.repo}, push the branch to your fork, and open the pull request from there:`,
        `    git remote add fork git@github.com:<you>/${base.repo.split("/")[1] ?? "repo"}.git`,
        `    git push fork ${head.ref}`,
        `Then delete the branch from ${base.repo}: the project keeps no topic branches (C4 2.5.2).`,
      ].join("\n"),
    };
  },
};
