import type { Verdict } from "../c4/index.ts";
import type { CheckRunButton } from "../github/check-run.ts";

/** What a button on the `C4` check run asks for: the same as `/c4 recheck` or `/c4 merge`. */
export type ButtonName = "recheck" | "merge";

/**
 * The identifier carries the pull request's number: GitHub lists no pull
 * requests in `check_run` for a head on a fork (contributors' usual case),
 * so the click alone must say which pull request it is about.
 * GitHub keeps identifiers to 20 characters: "recheck:" leaves 12 digits.
 */
export function buttonIdentifier(name: ButtonName, number: number): string {
  return `${name}:${number}`;
}

/** The button a `requested_action` identifier names, or null if it is none of c4bot's. */
export function parseButtonIdentifier(
  identifier: string,
): { name: ButtonName; number: number } | null {
  const match = /^(recheck|merge):([1-9]\d{0,11})$/.exec(identifier);
  if (!match) return null;
  return { name: match[1] as ButtonName, number: Number(match[2]) };
}

/**
 * The buttons of the `C4` check run (GitHub shows at most three; labels and
 * identifiers up to 20 characters, descriptions up to 40): "Check again"
 * always, and "Merge anyway" (`/c4 merge`, C4 2.4.16) on a patch c4bot holds.
 */
export function checkRunButtons(
  number: number,
  held: { verdict: Verdict; merging: boolean; dryRun: boolean } | null,
): CheckRunButton[] {
  const buttons: CheckRunButton[] = [
    {
      label: "Check again",
      description: "Evaluate this pull request again",
      identifier: buttonIdentifier("recheck", number),
    },
  ];
  if (held && !held.merging && !held.dryRun && held.verdict.decision !== "merge") {
    buttons.push({
      label: "Merge anyway",
      description: "Maintainers: merge it as /c4 merge does",
      identifier: buttonIdentifier("merge", number),
    });
  }
  return buttons;
}

/** The reason a click records in the merge commit: a button carries no text of its own. */
export function buttonMergeReason(login: string): string {
  return `merged with the check run's "Merge anyway" button by @${login}`;
}
