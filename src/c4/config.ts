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

export const configSchema = z
  .strictObject({
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
        "problem-statement": ruleSettings("block", {
          /**
           * Demand a linked issue. When false (the default), a pull request
           * whose title or body states the problem with a `Problem:` line
           * stands for the issue (C4 2.4.10: on GitHub a PR is an issue).
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
        }),
        "self-contained": ruleSettings("block", {}),
        "from-fork": ruleSettings("block", {}),
        "target-branch": ruleSettings("block", {}),
        "ci-green": ruleSettings("block", {
          /**
           * Names of the principal checks (C4 2.3.6: the principal target
           * platform). Empty: every check must pass. Otherwise only these must
           * pass and the others may fail.
           */
          principal: z.array(z.string().min(1)).default([]),
        }),
        "self-merge": ruleSettings("block", {
          /** Hours a maintainer's own patch waits for others before it merges (C4 2.4.13). */
          quietHours: z.number().nonnegative().default(48),
        }),
        "no-value-judgement": ruleSettings("warn", {}),
      })
      .prefault({}),
  })
  .prefault({});

export type C4Config = z.output<typeof configSchema>;
export type C4ConfigInput = z.input<typeof configSchema>;

/** The configuration of a repository with no `.github/c4.yml`. */
export const defaultConfig: C4Config = configSchema.parse({});
