import { z } from "zod";

/**
 * The schema of `.github/c4.yml`. Every key is optional and has a default
 * that follows what real C4 projects do (see docs/configuration.md). Parse it
 * once at the boundary with `parseConfig`; everything else takes the typed
 * result.
 */

/** How much a rule counts: `block` stops the merge, `warn` only tells, `off` skips it. */
export const levelSchema = z.enum(["block", "warn", "off"]);
export type Level = z.infer<typeof levelSchema>;

/** A permission level at which someone counts as a maintainer. */
export const maintainerPermissionSchema = z.enum(["admin", "maintain", "write"]);

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, "u");
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a valid regular expression" },
);

/**
 * A rule's settings: a mapping with `level` and the rule's own options, or
 * just the level as a string (`ci-green: warn`).
 */
function ruleSettings<Shape extends z.ZodRawShape>(defaultLevel: Level, shape: Shape) {
  return z
    .preprocess(
      (value) => (typeof value === "string" ? { level: value } : (value ?? {})),
      z.strictObject({
        /** `block`, `warn` or `off`. */
        level: levelSchema.default(defaultLevel),
        ...shape,
      }),
    )
    .prefault({});
}

/** A label name GitHub accepts (at most 50 characters). */
const labelName = z.string().min(1).max(50);

/**
 * The community chores a C4 project's maintainers do by hand (docs/community.md).
 * Each is on by default and has `enabled: false` to switch it off.
 */
const communitySchema = z
  .strictObject({
    welcome: z
      .strictObject({
        /** Greet an account's first pull request and first issue in the repository. */
        enabled: z.boolean().default(true),
        /** Markdown for a first pull request; empty: the built-in C4 primer. `{login}` is replaced. */
        pullText: z.string().default(""),
        /** Markdown for a first issue; empty: the built-in C4 primer. `{login}` is replaced. */
        issueText: z.string().default(""),
      })
      .prefault({}),
    triage: z
      .strictObject({
        /** Ask for the observed problem on an empty or feature-request issue (C4 2.4.3, 2.4.5). */
        enabled: z.boolean().default(true),
        /** The label such an issue gets; it goes when the issue states a problem. */
        label: labelName.default("needs-problem"),
      })
      .prefault({}),
    followUp: z
      .strictObject({
        /** Ask an issue's author to verify a merged fix (C4 2.4.17). */
        enabled: z.boolean().default(true),
      })
      .prefault({}),
    stale: z
      .strictObject({
        /** Mark and later close user issues left without activity (C4 2.4.19). */
        enabled: z.boolean().default(true),
        /** Days without activity after which an issue is marked. */
        daysUntilStale: z.number().positive().default(365),
        /** Days after the mark after which a still quiet issue is closed. */
        daysUntilClose: z.number().positive().default(56),
        /** The label of a marked issue. */
        label: labelName.default("stale"),
        /** Issues with any of these labels are never marked. */
        exemptLabels: z.array(labelName).default(["pinned", "security"]),
        /** List what the sweep would do in the log; change nothing. */
        dryRun: z.boolean().default(false),
      })
      .prefault({}),
    processReports: z
      .strictObject({
        /**
         * Record direct pushes, project branches, a red default branch and
         * tags off the default branch in one tracking issue (C4 2.4.8, 2.4.9, 2.5.1-2.5.3).
         */
        enabled: z.boolean().default(true),
        /** The tracking issue's label. */
        label: labelName.default("c4-process"),
      })
      .prefault({}),
    maintainerSuggestions: z
      .strictObject({
        /** Suggest contributors with a record of correct patches to the administrators (C4 2.7.3). */
        enabled: z.boolean().default(true),
        /** Merged correct patches from which a contributor without write access is suggested. */
        threshold: z.number().int().positive().default(5),
        /** The suggestion issue's label. */
        label: labelName.default("c4-maintainers"),
      })
      .prefault({}),
    inactiveMaintainers: z
      .strictObject({
        /** List maintainers with no recent activity for the administrators (C4 2.7.4); never removes. */
        enabled: z.boolean().default(true),
        /** Days without opening, merging or reviewing a pull request after which a maintainer is listed. */
        days: z.number().positive().default(180),
        /** The report issue's label. */
        label: labelName.default("c4-inactive"),
      })
      .prefault({}),
    releaseNotes: z
      .strictObject({
        /** Write the release notes into a published release with an empty body (C4 2.4.6). */
        enabled: z.boolean().default(true),
      })
      .prefault({}),
    contractReport: z
      .strictObject({
        /**
         * Keep one issue listing drafts ready for promotion (C4 2.6.5) and
         * deprecated symbols old enough to remove (C4 2.6.7), from the
         * releases' public contract (`rules.public-contract.files`).
         */
        enabled: z.boolean().default(true),
        /** Releases in a row a draft must have kept its signature to be a promotion candidate. */
        draftReleases: z.number().int().positive().default(3),
        /** Releases in a row a deprecated (or legacy) symbol must have shipped to be a removal candidate. */
        deprecatedReleases: z.number().int().positive().default(2),
        /** The report issue's label. */
        label: labelName.default("c4-contract"),
      })
      .prefault({}),
    /**
     * GitHub requests one run of a walking job (stale sweep, suggestions,
     * release notes) may make; past it the job stops cleanly and says so.
     */
    requestBudget: z.number().int().positive().default(500),
  })
  .prefault({});

/** Where a repository keeps its settings (the App reads it on the default branch). */
export const REPO_CONFIG_FILE = ".github/c4.yml";

export const configSchema = z
  .strictObject({
    /**
     * `.github`: start from the organisation's `.github/c4.yml` (in its
     * `.github` repository) and change what this file sets (extend-config.ts).
     */
    _extends: z.literal(".github").optional(),
    /**
     * `live` merges correct patches; `dry-run` reports everything and merges
     * nothing, so a project can try c4bot safely.
     */
    mode: z.enum(["live", "dry-run"]).default("live"),
    /** Permission from which a person is a maintainer (self-merge, `/c4 merge`). */
    maintainerPermission: maintainerPermissionSchema.default("write"),
    merge: z
      .strictObject({
        /** How correct patches are merged; ZeroMQ projects use merge commits. */
        method: z.enum(["merge", "squash", "rebase"]).default("merge"),
      })
      .prefault({}),
    rules: z
      .strictObject({
        /**
         * `warn` by default: C4 2.3.2 is a SHOULD. A project that wants every
         * patch to name its problem sets `block`.
         */
        "problem-statement": ruleSettings("warn", {
          /**
           * Demand a linked issue. When false (the default), a pull request
           * that states the problem (a `Problem:` or `Problems:` line in its
           * title or body, or a `Problem:` line in every commit) stands for
           * the issue (C4 2.4.10: on GitHub a PR is an issue).
           */
          requireIssue: z.boolean().default(false),
        }),
        "commit-message": ruleSettings("block", {
          /** What the first line starts with. */
          problemPrefix: z.string().min(1).default("Problem:"),
          /** What a line of the body starts with. */
          solutionPrefix: z.string().min(1).default("Solution:"),
          /** Match the prefixes case-sensitively (default: `problem:` is fine too). */
          caseSensitive: z.boolean().default(false),
          /** The first line must be shorter than this many characters (C4: under 50). */
          subjectLimit: z.number().int().positive().default(50),
          /**
           * What a too-long first line does: `warn` by default, since about
           * half of the subjects maintainers of libzmq and czmq merged are longer.
           */
          subjectLength: levelSchema.default("warn"),
          /**
           * Regular expressions on the first line of commits that exist for
           * other reasons and are not checked (GitHub's revert button by default).
           */
          exempt: z.array(regexSource).default(['^Revert "']),
          /**
           * GitHub logins whose commits are not checked: bots and generators
           * (`dependabot[bot]`). Exempt commits are named in the check run.
           */
          exemptAuthors: z.array(z.string().min(1)).default([]),
        }),
        "self-contained": ruleSettings("block", {}),
        "from-fork": ruleSettings("block", {}),
        "target-branch": ruleSettings("block", {}),
        "ci-green": ruleSettings("block", {
          /**
           * Names or globs (`*`, `?`) of the principal checks (C4 2.3.6: the
           * principal target platform). Only these must pass; others may fail.
           * Empty: the base branch's required checks (rulesets, classic
           * protection), else every check.
           */
          principal: z.array(z.string().min(1)).default([]),
          /**
           * Minutes a head of a project with CI may show no check (or miss a
           * principal one) before c4bot says "no CI reported" and holds it.
           */
          graceMinutes: z.number().nonnegative().default(15),
        }),
        "self-merge": ruleSettings("block", {
          /** Hours a maintainer's own patch waits for others before it merges (C4 2.4.13). */
          quietHours: z.number().nonnegative().default(48),
        }),
        "no-value-judgement": ruleSettings("warn", {}),
        /** C4 2.3.1: warn on commits whose author e-mail links to no GitHub account. */
        "author-account": ruleSettings("warn", {}),
        /** C4 2.3.5: warn on added files with a foreign licence header or in a vendored folder. */
        "foreign-code": ruleSettings("warn", {}),
        /**
         * C4 2.5.1: correct patches wait while the default branch's CI is red
         * (`block`, the default); `warn` only says so and merges on.
         */
        "default-branch-green": ruleSettings("block", {}),
        "public-contract": ruleSettings("block", {
          /**
           * The contract files (C4 2.6). Empty: ZeroMQ's layouts, found by
           * themselves: zproject's `api/*.api`, and `include/**.h` headers
           * that carry a `*_BUILD_DRAFT_API` guard.
           */
          files: z
            .array(
              z.strictObject({
                /** A path or glob: `include/zmq.h`, `api/*.api`. */
                path: z.string().min(1),
                /** `c-header` or `zproject`. */
                kind: z.enum(["c-header", "zproject"]),
                /** The macro that guards draft declarations in a header. */
                draft: z.string().min(1).optional(),
              }),
            )
            .default([]),
          /** Regular expressions on symbol names to leave out (release bookkeeping). */
          ignore: z.array(regexSource).default(["_VERSION_(MAJOR|MINOR|PATCH)$"]),
          /** Paths whose change documents a new public symbol (C4 2.6.1). */
          docs: z
            .array(z.string().min(1))
            .default(["doc/**", "docs/**", "**/*.md", "**/*.txt", "**/*.adoc"]),
          /** The label a breaking pull request gets (C4 2.6.3). */
          label: labelName.default("breaking-change"),
        }),
      })
      .prefault({}),
    /** Welcome, triage, follow-up, stale sweep, reports, suggestions, release notes. */
    community: communitySchema,
  })
  .prefault({});

export type C4Config = z.output<typeof configSchema>;
export type C4ConfigInput = z.input<typeof configSchema>;

/** The configuration of a repository with no `.github/c4.yml`. */
export const defaultConfig: C4Config = configSchema.parse({});

/** The community section: welcome, triage, follow-up, stale sweep, reports, suggestions, notes. */
export type CommunityConfig = C4Config["community"];
