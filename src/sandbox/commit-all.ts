import type { SandboxStore } from "./sandbox-store.ts";
import type { Commit } from "./sandbox-types.ts";

/** One commit of a scripted patch. */
export interface CommitSpec {
  message: string;
  /** path -> text (null deletes); defaults to one file named after the branch. */
  files?: Record<string, string | null>;
  author?: string;
  /** Makes this a merge commit (second parent: the base branch's head). */
  merge?: boolean;
}

/** Commits `specs` one on another from `start`; merge commits' second parent is `mergeFrom`. */
export function commitAll(
  store: SandboxStore,
  start: string | null,
  specs: CommitSpec[],
  author: string,
  branch: string,
  mergeFrom: string | null,
): Commit[] {
  const made: Commit[] = [];
  let parent = start;
  for (const [index, spec] of specs.entries()) {
    const files = spec.files ?? {
      [`changes/${branch}-${index + 1}.txt`]: `${spec.message}\n${store.now()}\n`,
    };
    const commit = store.commit({
      parent,
      otherParents: spec.merge && mergeFrom ? [mergeFrom] : [],
      files,
      message: spec.message,
      author: spec.author ?? author,
    });
    made.push(commit);
    parent = commit.sha;
  }
  return made;
}
