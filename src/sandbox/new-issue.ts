import type { SandboxStore } from "./sandbox-store.ts";
import type { Issue, Repo } from "./sandbox-types.ts";

/** Stores an open issue with the repository's next number (a pull request adds its `pull`). */
export function newIssue(
  store: SandboxStore,
  repo: Repo,
  input: { author: string; title: string; body: string },
): Issue {
  const now = store.now();
  const issue: Issue = {
    id: store.nextId(),
    pullId: 0,
    repo: `${repo.owner}/${repo.name}`,
    number: repo.nextNumber,
    ...input,
    state: "open",
    stateReason: null,
    labels: [],
    milestone: null,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    pull: null,
  };
  repo.nextNumber += 1;
  store.user(input.author);
  store.issues.set(`${issue.repo}#${issue.number}`, issue);
  return issue;
}
