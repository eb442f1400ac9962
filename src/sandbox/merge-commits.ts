import type { SandboxStore } from "./sandbox-store.ts";
import type { Commit, Issue } from "./sandbox-types.ts";

export type MergeMethod = "merge" | "squash" | "rebase";

export interface MergeOptions {
  method?: MergeMethod;
  title?: string;
  message?: string;
}

/**
 * The commits a merge of pull request `issue` adds on `baseHead`, as GitHub
 * makes them: a merge commit, one squashed commit, or the head's commits
 * replayed (rebase; merge commits are left out).
 */
export function mergeCommits(
  store: SandboxStore,
  issue: Issue,
  baseHead: string,
  options: MergeOptions,
  sender: string,
): Commit[] {
  const pull = issue.pull as NonNullable<Issue["pull"]>;
  const method = options.method ?? "merge";
  if (method === "rebase") return rebaseCommits(store, pull.commits, baseHead);
  const head = store.commits.get(pull.headSha);
  const changes = (from: string, to: string) =>
    Object.fromEntries(store.diff(from, to).map((path) => [path, head?.tree[path] ?? null]));
  const messages = pull.commits.map((sha) => `* ${store.commits.get(sha)?.message ?? ""}`);
  const title =
    options.title ??
    (method === "squash"
      ? `${issue.title} (#${issue.number})`
      : `Merge pull request #${issue.number} from ${pull.headRepo.split("/")[0]}/${pull.headRef}`);
  const detail = options.message ?? (method === "squash" ? messages.join("\n\n") : issue.title);
  const message = detail ? `${title}\n\n${detail}` : title;
  return [
    store.commit({
      parent: baseHead,
      otherParents: method === "merge" ? [pull.headSha] : [],
      files: changes(pull.baseSha, pull.headSha),
      message,
      author: method === "squash" ? issue.author : sender,
    }),
  ];
}

function rebaseCommits(store: SandboxStore, shas: string[], baseHead: string): Commit[] {
  const made: Commit[] = [];
  let parent = baseHead;
  for (const sha of shas) {
    const commit = store.commits.get(sha);
    if (!commit || commit.parents.length > 1) continue;
    const files = Object.fromEntries(
      commit.changed.map((path) => [path, commit.tree[path] ?? null]),
    );
    const next = store.commit({
      parent,
      files,
      message: commit.message,
      author: commit.author,
    });
    made.push(next);
    parent = next.sha;
  }
  return made;
}
