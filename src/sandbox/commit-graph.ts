import type { SandboxStore } from "./sandbox-store.ts";
import type { Commit } from "./sandbox-types.ts";

/** Every commit reachable from `sha` (itself included), as git log walks them: newest first. */
export function ancestors(store: SandboxStore, sha: string): Commit[] {
  const seen = new Set<string>();
  const found: Commit[] = [];
  const queue = [sha];
  while (queue.length > 0) {
    const next = queue.shift() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const commit = store.commits.get(next);
    if (!commit) continue;
    found.push(commit);
    queue.push(...commit.parents);
  }
  // Commit dates break ties in walk order, as `git log --date-order` does.
  return found.sort((a, b) => b.committedDate.localeCompare(a.committedDate));
}

/** `git log base..head` plus how the two relate, as GitHub's compare answers it. */
export function compareCommits(store: SandboxStore, base: string, head: string) {
  const fromBase = new Set(ancestors(store, base).map((commit) => commit.sha));
  const fromHead = ancestors(store, head);
  const headSet = new Set(fromHead.map((commit) => commit.sha));
  const ahead = fromHead.filter((commit) => !fromBase.has(commit.sha));
  const behind = [...fromBase].filter((sha) => !headSet.has(sha)).length;
  const status =
    ahead.length === 0 && behind === 0
      ? "identical"
      : behind === 0
        ? "ahead"
        : ahead.length === 0
          ? "behind"
          : "diverged";
  const mergeBase = fromHead.find((commit) => fromBase.has(commit.sha)) ?? null;
  // GitHub lists compared commits oldest first.
  return { status, ahead: ahead.reverse(), behindBy: behind, mergeBase };
}
