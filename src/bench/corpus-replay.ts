import { z } from "zod";
import { type C4Config, evaluate, type PullSnapshot, type RuleId, ruleIds } from "../c4/index.ts";

/**
 * Replays real merged pull requests (the corpus of ../shared/corpus,
 * docs/rules.md "Replayed on real history") through the real `evaluate`, and
 * counts what each rule would have held. The corpus holds commits, branches
 * and merge times, not titles, checks, reviews or permissions, so the
 * snapshot rebuilds what GitHub would show and leaves the rest empty; the
 * rules that need the rest are named as not replayable.
 */

const corpusCommitSchema = z.object({
  sha: z.string(),
  author_name: z.string(),
  authored_at: z.string(),
  parents: z.number().int(),
  message: z.string(),
});

const corpusPullSchema = z.object({
  repo: z.string().regex(/^[^/]+\/[^/]+$/),
  number: z.number().int().positive(),
  head_owner: z.string(),
  head_branch: z.string(),
  merged_at: z.string(),
  commits: z.array(corpusCommitSchema).min(1),
});
export type CorpusPull = z.infer<typeof corpusPullSchema>;

/** Rules whose inputs the corpus lacks: their figures would say nothing. */
export const notReplayable: Partial<Record<RuleId, string>> = {
  "ci-green": "no check results are recorded",
  "default-branch-green": "no check results are recorded",
  "self-merge": "permissions and reviews are not recorded",
  "author-account": "commit authors' GitHub accounts are not recorded",
  "foreign-code": "file contents are not recorded",
  "public-contract": "file contents are not recorded",
  "no-value-judgement": "reviews are not recorded",
};

/** One JSON object a line; a bad line fails with its line number. */
export function parseCorpus(text: string): CorpusPull[] {
  return text
    .split("\n")
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trim() !== "")
    .map(({ line, index }) => {
      const parsed = corpusPullSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`corpus line ${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/**
 * The snapshot GitHub would have shown just before the merge. Title and body
 * are GitHub's defaults for a new pull request: a single commit's subject and
 * body, else the branch name. Commit authors count as linked (unknown), the
 * author as a plain contributor, and no CI, so only what the corpus records
 * can hold a patch.
 */
export function corpusSnapshot(pull: CorpusPull): PullSnapshot {
  const [owner = "", name = ""] = pull.repo.split("/");
  const iso = (time: string) => new Date(time).toISOString();
  const only = pull.commits.length === 1 ? pull.commits[0] : undefined;
  const [subject = "", ...rest] = (only?.message ?? pull.head_branch).split("\n");
  const last = pull.commits[pull.commits.length - 1];
  return {
    repo: { owner, name, defaultBranch: "master" },
    number: pull.number,
    title: subject,
    body: rest.join("\n").trim(),
    draft: false,
    author: { login: pull.head_owner, permission: "read" },
    base: { ref: "master", repo: pull.repo },
    head: { ref: pull.head_branch, sha: last?.sha ?? "", repo: `${pull.head_owner}/${name}` },
    labels: [],
    milestone: null,
    commits: pull.commits.map((commit) => ({
      sha: commit.sha,
      message: commit.message,
      parents: commit.parents,
      author: commit.author_name,
      committedAt: iso(commit.authored_at),
    })),
    closingIssues: [],
    checks: [],
    defaultBranchChecks: [],
    reviews: [],
    mergeable: true,
    createdAt: iso(pull.commits[0]?.authored_at ?? pull.merged_at),
    updatedAt: iso(pull.merged_at),
    now: iso(pull.merged_at),
  };
}

export interface RuleTally {
  rule: RuleId;
  clause: string;
  /** Merged pull requests the rule, at its default level, would have held. */
  held: number;
  /** Pull requests it would have warned about (never held). */
  warned: number;
  /** Why it held them: a reason and how many pull requests had it, most first. */
  reasons: [string, number][];
}

export interface ReplayResult {
  pulls: number;
  /** Pull requests held by at least one rule. */
  held: number;
  rules: RuleTally[];
}

/** Evaluates every pull request and counts, per rule, what it held and why. */
export function replayCorpus(pulls: CorpusPull[], config: C4Config): ReplayResult {
  const tallies = new Map(
    ruleIds.map((rule) => [
      rule,
      { rule, clause: "", held: 0, warned: 0, reasons: new Map<string, number>() },
    ]),
  );
  let held = 0;
  const verdicts = pulls.map((pull) => evaluate(corpusSnapshot(pull), config));
  // A failing commit lists its warnings too (a long first line): what shows on
  // commits that only warn is a warning, never a reason for holding.
  const warnings = new Set(
    verdicts.flatMap((verdict) =>
      verdict.results.flatMap((result) =>
        (result.commits ?? [])
          .filter((commit) => commit.outcome === "warn")
          .flatMap((commit) => commit.problems.map(reasonOf)),
      ),
    ),
  );
  for (const verdict of verdicts) {
    if (verdict.decision !== "merge") held++;
    for (const result of verdict.results) {
      const tally = tallies.get(result.rule);
      if (!tally) continue;
      tally.clause = result.clause;
      if (result.outcome === "warn") tally.warned++;
      if (!result.blocking) continue;
      tally.held++;
      const problems = (result.commits ?? [])
        .filter((commit) => commit.outcome === "fail")
        .flatMap((commit) => commit.problems);
      const reasons = new Set(
        (problems.length > 0 ? problems : [result.message])
          .map(reasonOf)
          .filter((reason) => !warnings.has(reason)),
      );
      for (const reason of reasons) tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
    }
  }
  return {
    pulls: pulls.length,
    held,
    rules: [...tallies.values()].map((tally) => ({
      ...tally,
      reasons: [...tally.reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    })),
  };
}

/** A message without what varies between pull requests: quoted names, repositories, numbers. */
function reasonOf(message: string): string {
  return message
    .replace(/"[^"]*"/g, (quoted) => (/^"(Problem|Solution):"$/i.test(quoted) ? quoted : '"…"'))
    .replace(/\b[\w.-]+\/[\w.-]+\b/g, "OWNER/REPO")
    .replace(/\d+/g, "N");
}

/** The Markdown table docs/rules.md carries between its replay markers. */
export function renderReplay(result: ReplayResult): string {
  const out = [
    `${result.pulls} merged pull requests replayed; ${result.held} would have been held by at least one rule at its default level.`,
    "",
    "| rule | C4 | held | warned | why it held them (pull requests) |",
    "| --- | --- | ---: | ---: | --- |",
  ];
  for (const tally of result.rules) {
    const why = notReplayable[tally.rule]
      ? `not replayable: ${notReplayable[tally.rule]}`
      : tally.reasons.map(([reason, count]) => `${escapeCell(reason)} (${count})`).join("; ");
    out.push(
      `| \`${tally.rule}\` | ${tally.clause} | ${tally.held} | ${tally.warned} | ${why || (tally.warned > 0 ? "none held: its default level only warns" : "none held")} |`,
    );
  }
  return out.join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/</g, "&lt;");
}
