import type { AttentionEvent } from "../history/bot-events.ts";

interface PullTarget {
  installationId: number;
  owner: string;
  repo: string;
  number: number;
}

/**
 * The notice that a pull request's merge is tried again (issue 21), or,
 * with no `retry`, that nobody waits for it any more. Its privacy is the
 * pull request's last verdict's, which the history knows and a merge job
 * does not: private until then.
 */
export function mergeRetryNotice(
  pull: PullTarget,
  at: Date,
  retry?: { text: string; error: string; until: Date },
): AttentionEvent {
  return {
    kind: "merge-retry",
    repo: `${pull.owner}/${pull.repo}`,
    number: pull.number,
    installation: pull.installationId,
    isPrivate: true,
    text: retry?.text ?? "",
    details: retry ? [retry.error] : [],
    until: retry ? retry.until.toISOString() : null,
    ...(retry ? {} : { cleared: true }),
    at: at.toISOString(),
  };
}
