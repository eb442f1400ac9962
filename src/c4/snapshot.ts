import { z } from "zod";

/**
 * Everything the C4 rules need to know about one pull request, as plain data.
 *
 * The GitHub side (src/github) fills it from one GraphQL query; `c4bot check
 * --snapshot FILE.json` reads it from a file, so the schema doubles as the
 * validator at that boundary. Times are ISO 8601 strings so a snapshot
 * round-trips through JSON unchanged.
 */

/** A collaborator's permission on the repository, as GitHub's REST API names it. */
export const permissionSchema = z.enum(["admin", "maintain", "write", "triage", "read", "none"]);
export type Permission = z.infer<typeof permissionSchema>;

const isoTime = z.iso.datetime({ offset: true });

export const commitSchema = z.object({
  sha: z.string().min(1),
  /** The full commit message, subject and body, exactly as git stores it. */
  message: z.string(),
  /** Number of parents: more than one is a merge commit. */
  parents: z.number().int().nonnegative(),
  /** GitHub login of the author, or null when the e-mail links to no account. */
  author: z.string().nullable(),
  /** When the commit was made: the self-merge quiet period counts from the last one. */
  committedAt: isoTime.optional(),
});
export type Commit = z.infer<typeof commitSchema>;

export const closingIssueSchema = z.object({
  number: z.number().int().positive(),
  /** `owner/name`: an issue may live in another repository. */
  repo: z.string(),
  state: z.enum(["open", "closed"]),
  author: z.string().nullable(),
});
export type ClosingIssue = z.infer<typeof closingIssueSchema>;

/**
 * A check run or a commit status, normalised to the check-run vocabulary:
 * a status `pending` is `{status: "pending", conclusion: null}`, a status
 * `success|failure|error` is `{status: "completed", conclusion: state}`.
 */
export const checkSchema = z.object({
  name: z.string(),
  kind: z.enum(["check_run", "status"]),
  status: z.enum(["queued", "in_progress", "completed", "waiting", "requested", "pending"]),
  conclusion: z
    .enum([
      "success",
      "neutral",
      "skipped",
      "failure",
      "error",
      "cancelled",
      "timed_out",
      "action_required",
      "startup_failure",
      "stale",
    ])
    .nullable(),
  /** When it last changed; of two checks with one name the later one counts. */
  at: isoTime.optional(),
});
export type Check = z.infer<typeof checkSchema>;

export const reviewSchema = z.object({
  author: z.string(),
  state: z.enum(["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED", "PENDING"]),
  permission: permissionSchema,
  submittedAt: isoTime,
});
export type Review = z.infer<typeof reviewSchema>;

/** A file the pull request adds, with the first lines that carry a licence header. */
export const addedFileSchema = z.object({
  path: z.string().min(1),
  /** The file's first lines (a few kilobytes at most); empty when it is binary or unreadable. */
  head: z.string(),
});
export type AddedFile = z.infer<typeof addedFileSchema>;

export const pullSnapshotSchema = z.object({
  repo: z.object({
    owner: z.string(),
    name: z.string(),
    defaultBranch: z.string(),
  }),
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string(),
  draft: z.boolean(),
  author: z.object({ login: z.string(), permission: permissionSchema }),
  base: z.object({ ref: z.string(), repo: z.string() }),
  /** `repo` is null when the fork the patch came from has been deleted. */
  head: z.object({ ref: z.string(), sha: z.string(), repo: z.string().nullable() }),
  labels: z.array(z.string()),
  milestone: z.string().nullable(),
  commits: z.array(commitSchema),
  closingIssues: z.array(closingIssueSchema),
  /** Checks and statuses on the head commit. */
  checks: z.array(checkSchema),
  /** Checks and statuses on the default branch's head: tell "CI not started" from "no CI". */
  defaultBranchChecks: z.array(checkSchema),
  /**
   * What c4bot knows of the project's CI beyond this head's checks (ci-green):
   * absent in older snapshot files, which then judge by the checks alone.
   */
  ci: z
    .object({
      /** Files in `.github/workflows` on the default branch. */
      workflows: z.array(z.string()).default([]),
      /** The base branch's required status checks: rulesets, or classic protection when readable. */
      requiredChecks: z.array(z.string()).default([]),
      /** Whether one of the last merged pull requests had checks on its head. */
      recentPullChecks: z.boolean().default(false),
    })
    .optional(),
  reviews: z.array(reviewSchema),
  /**
   * The project's licence as an SPDX id (GitHub's `licenseInfo`), null when
   * GitHub recognises none; absent when not read.
   */
  licence: z.string().nullable().optional(),
  /** Files the pull request adds, with their heads; absent when not read (C4 2.3.5). */
  addedFiles: z.array(addedFileSchema).optional(),
  /** The paths the pull request changes (GitHub lists the first 100). */
  changedFiles: z.array(z.string()).optional(),
  /**
   * The public contract files the pull request changes, at its base and its
   * head (null: absent there); read only when one changed (C4 2.6).
   */
  contractFiles: z
    .array(
      z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
    )
    .optional(),
  /** GitHub's mergeability: null while GitHub is still computing it. */
  mergeable: z.boolean().nullable().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** The moment of evaluation: rules never read the clock themselves. */
  now: isoTime,
});
export type PullSnapshot = z.infer<typeof pullSnapshotSchema>;

/** `owner/name` of the snapshot's repository. */
export function repoFullName(snapshot: Pick<PullSnapshot, "repo">): string {
  return `${snapshot.repo.owner}/${snapshot.repo.name}`;
}
