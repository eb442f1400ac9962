import type { PullRecord } from "../github/list-pulls.ts";

/** One contributor's figures over the report's window. */
export interface ContributorFigures {
  login: string;
  /** Pull requests opened in the window. */
  patches: number;
  /** Pull requests merged in the window. */
  merged: number;
  /** Of the patches opened in the window that c4bot judged, the share whose `C4` check passed (0-1). */
  correctShare: number | null;
  /** Median hours from the last commit (the closest GitHub keeps to the last push) to the merge. */
  medianHoursToMerge: number | null;
  /** Merged by their own author, by hand (c4bot's merges are not self-merges; C4 2.4.13). */
  selfMerges: number;
  /** Their first pull request in the repository was opened in the window. */
  firstTime: boolean;
}

export interface ContributorReport {
  repo: string;
  since: string;
  until: string;
  totals: {
    patches: number;
    merged: number;
    correctShare: number | null;
    medianHoursToMerge: number | null;
    /** Self-merges over merges in the window (0-1), or null without merges. */
    selfMergeRate: number | null;
    firstTimeContributors: string[];
  };
  /** Most patches first. */
  contributors: ContributorFigures[];
  /** False when the walk stopped at its request budget. */
  complete: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;

/**
 * The contributor report's figures, from a repository's pull requests. Pure
 * (the dashboard calls it too): `pulls` should be every pull request of the
 * repository, so that "first-time" looks at all of history.
 */
export function contributorReport(data: {
  repo: string;
  pulls: PullRecord[];
  since: Date;
  now: Date;
  complete?: boolean;
}): ContributorReport {
  const since = data.since.getTime();
  const inWindow = (iso: string | null) => iso !== null && Date.parse(iso) >= since;
  const firstPull = new Map<string, string>();
  for (const pull of data.pulls) {
    const known = firstPull.get(pull.author);
    if (!known || pull.createdAt < known) firstPull.set(pull.author, pull.createdAt);
  }
  const people = new Map<string, PullRecord[]>();
  for (const pull of data.pulls) {
    if (pull.author.endsWith("[bot]")) continue;
    if (!inWindow(pull.createdAt) && !inWindow(pull.mergedAt)) continue;
    people.set(pull.author, [...(people.get(pull.author) ?? []), pull]);
  }
  const figuresOf = (
    login: string,
    pulls: PullRecord[],
  ): ContributorFigures & { waits: number[] } => {
    const opened = pulls.filter((pull) => inWindow(pull.createdAt));
    const judged = opened.filter((pull) => pull.c4 !== null);
    const merged = pulls.filter((pull) => pull.state === "MERGED" && inWindow(pull.mergedAt));
    const waits = merged.flatMap((pull) =>
      pull.lastCommitAt && pull.mergedAt ? [hours(pull.lastCommitAt, pull.mergedAt)] : [],
    );
    return {
      login,
      patches: opened.length,
      merged: merged.length,
      correctShare: judged.length
        ? judged.filter((pull) => pull.c4 === "success").length / judged.length
        : null,
      medianHoursToMerge: median(waits),
      selfMerges: merged.filter((pull) => pull.mergedBy === pull.author).length,
      firstTime: inWindow(firstPull.get(login) ?? null),
      waits,
    };
  };
  const all = [...people.entries()].map(([login, pulls]) => figuresOf(login, pulls));
  const judged = data.pulls.filter((pull) => inWindow(pull.createdAt) && pull.c4 !== null);
  const merged = all.reduce((sum, figures) => sum + figures.merged, 0);
  const selfMerges = all.reduce((sum, figures) => sum + figures.selfMerges, 0);
  return {
    repo: data.repo,
    since: data.since.toISOString(),
    until: data.now.toISOString(),
    totals: {
      patches: all.reduce((sum, figures) => sum + figures.patches, 0),
      merged,
      correctShare: judged.length
        ? judged.filter((pull) => pull.c4 === "success").length / judged.length
        : null,
      medianHoursToMerge: median(all.flatMap((figures) => figures.waits)),
      selfMergeRate: merged ? selfMerges / merged : null,
      firstTimeContributors: all
        .filter((figures) => figures.firstTime)
        .map((figures) => figures.login)
        .sort(),
    },
    contributors: all
      .map(({ waits: _waits, ...figures }) => figures)
      .sort(
        (a, b) => b.patches - a.patches || b.merged - a.merged || a.login.localeCompare(b.login),
      ),
    complete: data.complete ?? true,
  };
}

const percent = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)}%`);
const hoursText = (value: number | null) =>
  value === null ? "–" : value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} d`;

/** The report as Markdown. */
export function renderContributorReport(report: ContributorReport): string {
  const { totals } = report;
  const lines = [
    `## Contributors to ${report.repo}, ${report.since.slice(0, 10)} to ${report.until.slice(0, 10)}`,
    "",
    `${totals.patches} patches opened, ${totals.merged} merged; ${percent(totals.correctShare)} correct (C4 2.3.8); median ${hoursText(totals.medianHoursToMerge)} from last push to merge; self-merges ${percent(totals.selfMergeRate)} (C4 2.4.13).`,
    `First-time contributors: ${totals.firstTimeContributors.length ? totals.firstTimeContributors.map((login) => `@${login}`).join(", ") : "none"}.`,
    "",
    "| contributor | patches | merged | correct | median to merge | self-merges | first time |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...report.contributors.map(
      (c) =>
        `| @${c.login} | ${c.patches} | ${c.merged} | ${percent(c.correctShare)} | ${hoursText(c.medianHoursToMerge)} | ${c.selfMerges} | ${c.firstTime ? "yes" : ""} |`,
    ),
  ];
  if (!report.complete)
    lines.push("", "_c4bot stopped at its request budget: these figures may be incomplete._");
  return `${lines.join("\n")}\n`;
}
