import type { GitHubClient } from "./client.ts";
import { rateLimitDelayMs, statusOf } from "./errors.ts";

/** What the base branch's rules say that c4bot acts on. */
export interface BranchRules {
  /** Required status checks: rulesets, and classic protection when readable. */
  requiredChecks: string[];
  /** Merges go through a merge queue (a `merge_queue` rule). */
  mergeQueue: boolean;
}

export interface BranchRef {
  owner: string;
  repo: string;
  branch: string;
}

/**
 * How long rules read once stay true. Rulesets change rarely, and their
 * webhooks (`repository_ruleset`) need the Administration permission c4bot
 * does not ask for; so a change is seen within this time, at one or two REST
 * reads per branch per period whatever the number of pull requests.
 */
export const BRANCH_RULES_TTL_MS = 5 * 60_000;

/**
 * Classic branch protection needs Administration read: refused once, it is
 * not asked for again for an hour (the app's permissions rarely change).
 */
export const PROTECTION_REFUSED_TTL_MS = 60 * 60_000;

/** Branch rules per repository and branch, read at most once per TTL: GitHub's budget is the ceiling. */
export class BranchRulesCache {
  readonly #state = {
    rules: new Map<string, { rules: Promise<BranchRules>; until: number }>(),
    protectionRefused: new Map<string, number>(),
  };
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The rules of a branch; evaluations of many pull requests at once share one read. */
  read(github: GitHubClient, ref: BranchRef): Promise<BranchRules> {
    const key = `${ref.owner}/${ref.repo}@${ref.branch}`.toLowerCase();
    const cached = this.#state.rules.get(key);
    if (cached && cached.until > this.#now()) return cached.rules;
    const reading = this.#fetch(github, ref);
    this.#state.rules.set(key, { rules: reading, until: Number.POSITIVE_INFINITY });
    reading.then(
      () =>
        this.#state.rules.set(key, { rules: reading, until: this.#now() + BRANCH_RULES_TTL_MS }),
      // A failed read is not remembered: the next evaluation asks again.
      () => this.#state.rules.delete(key),
    );
    return reading;
  }

  async #fetch(github: GitHubClient, ref: BranchRef): Promise<BranchRules> {
    const now = this.#now();
    const repoKey = `${ref.owner}/${ref.repo}`.toLowerCase();
    const refusedUntil = this.#state.protectionRefused.get(repoKey) ?? 0;
    const fromRulesets = await readRulesets(github, ref);
    let classic: string[] = [];
    if (refusedUntil <= now) {
      const protection = await readClassicProtection(github, ref);
      if (protection === "refused") {
        this.#state.protectionRefused.set(repoKey, now + PROTECTION_REFUSED_TTL_MS);
      } else classic = protection;
    }
    return {
      requiredChecks: [...new Set([...fromRulesets.requiredChecks, ...classic])],
      mergeQueue: fromRulesets.mergeQueue,
    };
  }
}

interface RuleEntry {
  type: string;
  parameters?: { required_status_checks?: { context: string }[] };
}

/** `GET /repos/{owner}/{repo}/rules/branches/{branch}`: needs only the Metadata permission. */
async function readRulesets(github: GitHubClient, ref: BranchRef): Promise<BranchRules> {
  let entries: RuleEntry[];
  try {
    entries = (await github.paginate("GET /repos/{owner}/{repo}/rules/branches/{branch}", {
      owner: ref.owner,
      repo: ref.repo,
      branch: ref.branch,
      per_page: 100,
    })) as RuleEntry[];
  } catch (error) {
    // A repository or branch that is gone has no rules; anything else is retried.
    if (statusOf(error) === 404) return { requiredChecks: [], mergeQueue: false };
    throw error;
  }
  return {
    requiredChecks: entries.flatMap((entry) =>
      entry.type === "required_status_checks"
        ? (entry.parameters?.required_status_checks ?? []).map((check) => check.context)
        : [],
    ),
    mergeQueue: entries.some((entry) => entry.type === "merge_queue"),
  };
}

/**
 * Classic protection's required checks, if the app may read them: 403 (no
 * Administration permission) is "refused", 404 (not protected) is "none".
 */
async function readClassicProtection(
  github: GitHubClient,
  ref: BranchRef,
): Promise<string[] | "refused"> {
  try {
    const { data } = await github.request(
      "GET /repos/{owner}/{repo}/branches/{branch}/protection/required_status_checks",
      { owner: ref.owner, repo: ref.repo, branch: ref.branch },
    );
    return [...new Set([...data.contexts, ...(data.checks ?? []).map((check) => check.context)])];
  } catch (error) {
    if (rateLimitDelayMs(error) !== null) throw error;
    const status = statusOf(error);
    if (status === 403) return "refused";
    if (status === 404) return [];
    throw error;
  }
}
