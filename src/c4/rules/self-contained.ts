import type { CommitResult, Rule } from "../result.ts";
import { messageLines, plural } from "../text.ts";

/**
 * C4 2.3.2: "A patch SHOULD be a minimal and accurate answer to exactly one
 * identified and agreed problem." The patch must stand on its own: no merge
 * commits inside it (they drag other history in; 2.3.7 asks for one
 * Problem/Solution per commit). Closing several issues only warns: SHOULD,
 * not MUST. A draft is no fault of the patch: `evaluate` reports it as a
 * draft (neutral), never as a failure.
 */
export const selfContained: Rule = {
  id: "self-contained",
  clause: "2.3.2",
  scope: "commits",
  evaluate(snapshot) {
    const commits: CommitResult[] = snapshot.commits.map((commit) => ({
      sha: commit.sha,
      subject: messageLines(commit.message)[0] ?? "",
      outcome: commit.parents > 1 ? "fail" : "pass",
      problems:
        commit.parents > 1 ? ["a merge commit inside the patch: rebase instead of merging"] : [],
    }));
    const merges = commits.filter((commit) => commit.outcome === "fail");

    if (merges.length > 0) {
      const base = snapshot.repo.defaultBranch;
      return {
        outcome: "fail",
        message: `The patch has ${plural(merges.length, "merge commit")} inside it; a patch is a straight line of commits.`,
        fix: [
          `Replay your commits on top of ${base} without the merge, then update the pull request:`,
          `    git fetch upstream && git rebase upstream/${base}`,
          "    git push --force-with-lease",
        ].join("\n"),
        commits,
      };
    }
    const issues = snapshot.closingIssues.length;
    if (issues > 1) {
      // An issue of another repository is only found by its full name.
      const here = `${snapshot.repo.owner}/${snapshot.repo.name}`.toLowerCase();
      const list = snapshot.closingIssues
        .map((issue) =>
          issue.repo.toLowerCase() === here ? `#${issue.number}` : `${issue.repo}#${issue.number}`,
        )
        .join(", ");
      return {
        outcome: "warn",
        message: `The patch closes ${issues} issues (${list}); C4 asks for one problem per patch.`,
        fix: "Consider one pull request per issue, so each can be judged and merged on its own.",
        commits,
      };
    }
    return {
      outcome: "pass",
      message: "The patch is a straight line of commits.",
      commits,
    };
  },
};
