import { type C4Config, type C4ConfigInput, configSchema } from "../../src/c4/config.ts";
import type { Check, ClosingIssue, Commit, PullSnapshot, Review } from "../../src/c4/snapshot.ts";

/**
 * A correct patch from a contributor's fork, one commit, CI green, an open
 * issue closed by it: every rule passes on it (self-merge skips: the author
 * is no maintainer). Tests change only what their row is about.
 */
export const NOW = "2024-05-10T12:00:00Z";
export const CREATED = "2024-05-10T10:00:00Z";

/** A distinct 40-hex sha per number: `sha(1)` prints as `c410000`. */
export function sha(n: number): string {
  return `c4${n.toString(16)}`.padEnd(40, "0");
}

export function commit(overrides: Partial<Commit> = {}): Commit {
  return {
    sha: sha(1),
    message: "Problem: zmq_poll ignores EINTR\n\nSolution: retry the poll when a signal arrives",
    parents: 1,
    author: "alice",
    committedAt: CREATED,
    ...overrides,
  };
}

export function check(overrides: Partial<Check> = {}): Check {
  return {
    name: "build",
    kind: "check_run",
    status: "completed",
    conclusion: "success",
    ...overrides,
  };
}

export function review(overrides: Partial<Review> = {}): Review {
  return {
    author: "bob",
    state: "APPROVED",
    permission: "write",
    submittedAt: "2024-05-10T11:00:00Z",
    ...overrides,
  };
}

export function issue(overrides: Partial<ClosingIssue> = {}): ClosingIssue {
  return { number: 7, repo: "zeromq/libzmq", state: "open", author: "carol", ...overrides };
}

type SnapshotOverrides = Partial<Omit<PullSnapshot, "repo" | "author" | "base" | "head">> & {
  repo?: Partial<PullSnapshot["repo"]>;
  author?: Partial<PullSnapshot["author"]>;
  base?: Partial<PullSnapshot["base"]>;
  head?: Partial<PullSnapshot["head"]>;
};

export function snapshot(overrides: SnapshotOverrides = {}): PullSnapshot {
  const { repo, author, base, head, ...rest } = overrides;
  return {
    repo: { owner: "zeromq", name: "libzmq", defaultBranch: "master", ...repo },
    number: 42,
    title: "Fix zmq_poll on EINTR",
    body: "Fixes #7",
    draft: false,
    author: { login: "alice", permission: "read", ...author },
    base: { ref: "master", repo: "zeromq/libzmq", ...base },
    head: { ref: "fix-poll", sha: sha(1), repo: "alice/libzmq", ...head },
    labels: [],
    milestone: null,
    commits: [commit()],
    closingIssues: [issue()],
    checks: [check()],
    defaultBranchChecks: [check()],
    reviews: [],
    mergeable: true,
    createdAt: CREATED,
    updatedAt: CREATED,
    now: NOW,
    ...rest,
  };
}

/** A parsed config: the defaults, with the rules' settings merged in. */
export function config(input: C4ConfigInput = {}): C4Config {
  return configSchema.parse(input);
}
