import type { CommitResult, Rule } from "../result.ts";
import { messageLines, plural } from "../text.ts";

/**
 * C4 2.3.1: "Maintainers and Contributors MUST have a Platform account and
 * SHOULD use their real names or a well-known alias." GitHub links a commit
 * to an account by its author e-mail; a commit it cannot link (snapshot
 * `author: null`) belongs to nobody the project can talk to. A warning by
 * default: the account may exist with the e-mail simply not added to it.
 */
export const authorAccount: Rule = {
  id: "author-account",
  clause: "2.3.1",
  scope: "pull",
  evaluate(snapshot) {
    const commits: CommitResult[] = snapshot.commits.map((commit) => ({
      sha: commit.sha,
      subject: messageLines(commit.message)[0] ?? "",
      outcome: commit.author === null ? "fail" : "pass",
      problems: commit.author === null ? ["the author's e-mail links to no GitHub account"] : [],
    }));
    const unlinked = commits.filter((commit) => commit.outcome === "fail");
    if (unlinked.length === 0) {
      return {
        outcome: "pass",
        message: "Every commit's author has a GitHub account.",
        commits,
      };
    }
    return {
      outcome: "fail",
      message: `${plural(unlinked.length, "commit")} of ${snapshot.commits.length} ${unlinked.length === 1 ? "has an author" : "have authors"} whose e-mail links to no GitHub account.`,
      fix: [
        "Add the e-mail the commits carry to your GitHub account (Settings > Emails), or",
        "rewrite them with the e-mail you have there and push again:",
        "    git config user.email <the e-mail of your GitHub account>",
        "    git rebase --exec 'git commit --amend --no-edit --reset-author' <base>",
      ].join("\n"),
      commits,
    };
  },
};
