/** The simulator's state, as plain data. REST and GraphQL shapes are derived from it. */

/** Repository roles, as GitHub names them (REST `role_name`). */
export type Permission = "admin" | "maintain" | "write" | "triage" | "read";

export type UserType = "User" | "Bot" | "Organization";

export interface User {
  id: number;
  login: string;
  type: UserType;
}

/** A commit: the full file tree it points at, so any ref can serve `.github/c4.yml`. */
export interface Commit {
  sha: string;
  message: string;
  parents: string[];
  author: string;
  committedDate: string;
  tree: Record<string, string>;
  /** Paths this commit changed relative to its first parent. */
  changed: string[];
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  /** "owner/name" of the repository this one was forked from. */
  parent: string | null;
  collaborators: Map<string, Permission>;
  branches: Map<string, string>;
  nextNumber: number;
  createdAt: string;
  installed: boolean;
}

export interface PullData {
  baseRepo: string;
  baseRef: string;
  headRepo: string;
  headRef: string;
  headSha: string;
  /** The base branch's head when the PR was opened: the patch is everything after it. */
  baseSha: string;
  commits: string[];
  draft: boolean;
  /** null while GitHub is still computing it (after a push or a base change). */
  mergeable: boolean | null;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  /** Issue numbers linked by the scripting endpoint, beside the body's closing keywords. */
  closes: number[];
}

/** GitHub models a pull request as an issue with a `pull` side; numbers are shared. */
export interface Issue {
  id: number;
  pullId: number;
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  milestone: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: PullData | null;
}

export interface Comment {
  id: number;
  repo: string;
  number: number;
  author: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface Review {
  id: number;
  repo: string;
  number: number;
  author: string;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: string;
}

export type CheckStatus = "queued" | "in_progress" | "completed";
export type CheckConclusion =
  | "success"
  | "failure"
  | "neutral"
  | "cancelled"
  | "skipped"
  | "timed_out"
  | "action_required"
  | "stale";

export interface CheckOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
}

/**
 * A button on a check run (GitHub's `actions`, at most three): clicking it
 * sends the app `check_run` `requested_action` with the identifier.
 */
export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRun {
  id: number;
  repo: string;
  headSha: string;
  name: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  app: string;
  suiteId: number;
  output: CheckOutput;
  actions: CheckRunAction[];
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: string;
  completedAt: string | null;
}

export type StatusState = "error" | "failure" | "pending" | "success";

export interface CommitStatus {
  id: number;
  repo: string;
  sha: string;
  context: string;
  state: StatusState;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

export interface App {
  id: number;
  slug: string;
  owner: string;
}

/** A repository ruleset, reduced to the rules c4bot reads (`POST /_sandbox/rulesets`). */
export interface Ruleset {
  id: number;
  repo: string;
  /** The branch it targets; null: the default branch (`~DEFAULT_BRANCH`). */
  branch: string | null;
  /** `required_status_checks`: contexts that must succeed before the branch moves. */
  requiredChecks: string[];
  /** `merge_queue`: merges go through the queue. */
  mergeQueue: boolean;
}

/** A pull request in a merge queue, with the temporary commit the queue tests. */
export interface MergeGroup {
  id: number;
  repo: string;
  number: number;
  baseRef: string;
  /** The base branch's head the group was built on. */
  baseSha: string;
  /** `gh-readonly-queue/<base>/pr-<n>-<baseSha>`, without `refs/heads/`. */
  headRef: string;
  /** The temporary merge commit whose checks decide. */
  headSha: string;
  enqueuedAt: string;
  enqueuer: string;
}
