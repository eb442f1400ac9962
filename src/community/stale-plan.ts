/** An open user issue as the stale sweep (C4 2.4.19) sees it: plain data. */
export interface StaleCandidate {
  number: number;
  labels: string[];
  createdAt: string;
  /** The newest comment by a person (bots' comments, c4bot's own included, do not count). */
  lastHumanActivity: string;
  /** When c4bot marked it stale (its marked comment), or null. */
  markedAt: string | null;
  /** An open pull request says it closes this issue. */
  hasOpenPull: boolean;
}

export interface StaleSettings {
  daysUntilStale: number;
  daysUntilClose: number;
  label: string;
  exemptLabels: string[];
}

export type StaleAction =
  | { kind: "mark"; number: number; quietDays: number }
  | { kind: "close"; number: number; quietDays: number }
  | { kind: "unmark"; number: number; reason: "activity" | "open pull request" };

const DAY = 86_400_000;

/**
 * What the sweep does to each open user issue. Pure: the clock is a parameter.
 * - exempt labels: nothing, ever;
 * - an open pull request that closes it: nothing (and a stale mark goes);
 * - marked, and a person spoke since: the mark goes;
 * - marked, and quiet `daysUntilClose` since the mark: closed;
 * - not marked, and quiet `daysUntilStale`: marked.
 */
export function planStale(
  issues: StaleCandidate[],
  settings: StaleSettings,
  now: Date,
): StaleAction[] {
  const actions: StaleAction[] = [];
  const daysSince = (iso: string) => (now.getTime() - Date.parse(iso)) / DAY;
  for (const issue of issues) {
    if (issue.labels.some((label) => settings.exemptLabels.includes(label))) continue;
    const marked = issue.labels.includes(settings.label);
    if (issue.hasOpenPull) {
      if (marked)
        actions.push({ kind: "unmark", number: issue.number, reason: "open pull request" });
      continue;
    }
    const lastActivity =
      [issue.createdAt, issue.lastHumanActivity].sort().at(-1) ?? issue.createdAt;
    if (marked) {
      // A label without c4bot's comment was set by a person: count from the last activity.
      const since = issue.markedAt ?? lastActivity;
      if (issue.markedAt && Date.parse(issue.lastHumanActivity) > Date.parse(issue.markedAt)) {
        actions.push({ kind: "unmark", number: issue.number, reason: "activity" });
      } else if (daysSince(since) >= settings.daysUntilClose) {
        actions.push({
          kind: "close",
          number: issue.number,
          quietDays: Math.floor(daysSince(lastActivity)),
        });
      }
      continue;
    }
    if (daysSince(lastActivity) >= settings.daysUntilStale) {
      actions.push({
        kind: "mark",
        number: issue.number,
        quietDays: Math.floor(daysSince(lastActivity)),
      });
    }
  }
  return actions;
}
