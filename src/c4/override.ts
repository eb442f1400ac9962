import type { C4Config } from "./config.ts";
import { hasPermission } from "./permission.ts";
import type { Verdict } from "./result.ts";
import type { PullSnapshot } from "./snapshot.ts";

/** What `/c4 merge <reason>` may do, asked by `by` with their repository permission. */
export type OverrideRuling =
  | { kind: "allowed" }
  | { kind: "not-maintainer"; reply: string }
  | { kind: "own-patch"; reply: string };

/**
 * C4 2.4.16: "Maintainers MAY merge incorrect patches from other Contributors
 * with the goals of (a) ending fruitless discussions, (b) capturing toxic
 * patches in the historical record, (c) engaging with the Contributor on
 * improving their patch quality." From *other* contributors: a maintainer's
 * own patch falls under 2.4.13 (another maintainer's word, or a quiet
 * period), which the override must not skip.
 */
export function ruleOnOverride(
  snapshot: PullSnapshot,
  config: C4Config,
  verdict: Verdict,
  asker: {
    login: string;
    permission: PullSnapshot["author"]["permission"];
    /** A `/c4 merge` comment, or the check run's "Merge anyway" button. */
    via?: "comment" | "button";
  },
): OverrideRuling {
  if (!hasPermission(asker.permission, config.maintainerPermission)) {
    return {
      kind: "not-maintainer",
      reply: `@${asker.login}: only maintainers (\`${config.maintainerPermission}\` permission or more) can merge with ${asker.via === "button" ? 'the "Merge anyway" button' : "`/c4 merge`"} (C4 2.4.16).`,
    };
  }
  if (asker.login.toLowerCase() !== snapshot.author.login.toLowerCase()) return { kind: "allowed" };
  return { kind: "own-patch", reply: ownPatchReply(asker.login, config, verdict) };
}

function ownPatchReply(login: string, config: C4Config, verdict: Verdict): string {
  const { quietHours } = config.rules["self-merge"];
  const toFix = verdict.results
    .filter((result) => result.blocking && result.outcome === "fail")
    .map((result) => `\`${result.rule}\``);
  const selfMerge = verdict.results.find((result) => result.rule === "self-merge");
  const until =
    selfMerge?.outcome === "pending" && selfMerge.recheckAt
      ? ` (here: from ${selfMerge.recheckAt})`
      : "";
  return [
    `@${login}: \`/c4 merge\` is for other contributors' patches, and this one is yours, so c4bot does not merge it on your word.`,
    "",
    '> C4 2.4.16: "Maintainers MAY merge incorrect patches from other Contributors ..."',
    '> C4 2.4.13: "Maintainers SHOULD NOT merge their own patches except in exceptional cases, such as non-responsiveness from other Maintainers for an extended period (more than 1-2 days)."',
    "",
    "What will merge it:",
    ...(toFix.length > 0
      ? [`- first, a correct patch: fix what the \`C4\` check lists (${toFix.join(", ")});`]
      : []),
    "- then another maintainer's approving review merges it at once;",
    `- or, if no other maintainer answers, c4bot merges it by itself ${quietHours} hours after its last change${until} (\`rules.self-merge.quietHours\`);`,
    "- another maintainer may also merge it as it stands with `/c4 merge <reason>`.",
  ].join("\n");
}
