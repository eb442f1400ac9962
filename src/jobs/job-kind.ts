import type { z } from "zod";
import type { JobContext } from "../core/job.ts";
import type { GitHubClient } from "../github/client.ts";
import type { BranchRulesCache } from "../github/read-branch-rules.ts";
import type { BotObserver } from "./observer.ts";

export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** How the handlers behave: one set per bot, the same in every worker. */
export interface JobSettings {
  /** c4bot's own app id: a sweep finds its `C4` runs by it. */
  appId?: number;
  /** The whole installation in dry-run: report everything, merge nothing. */
  dryRun: boolean;
  now(): Date;
  /** The community jobs' clock (tests move it with the simulator's). */
  communityNow(): Date;
  /** While CI runs, look again this long after, even if no event comes. */
  pendingRecheckMs: number;
  /** While GitHub computes mergeability (`mergeable: null`), look again this soon. */
  mergeableRecheckMs: number;
  /** After a merge whose outcome is unknown (5xx, timeout), evaluate again this long after. */
  unknownMergeRecheckMs: number;
}

/** What every handler gets besides its payload. */
export interface JobDeps {
  /** The installation's client when the payload names an `installationId`, else the app's. */
  github: GitHubClient;
  /** A client for another installation (the reconciler's walk). */
  auth(installationId?: number): Promise<GitHubClient>;
  /** The log; its lines carry the job's key, kind, attempt and delivery id. */
  log: Logger;
  observer: BotObserver;
  settings: JobSettings;
  /** The base branches' rules (required checks, merge queue), read once per few minutes. */
  branchRules: BranchRulesCache;
  /** The attempt, and `enqueue` for follow-up work. */
  context: JobContext;
}

/**
 * One kind of job, declared once: its payload's schema, its key (what it
 * is ordered by) and its handler. The runner (create-job-runner.ts) refuses
 * a payload the schema does not accept, into the dead letters.
 */
export interface JobKind<Payload = unknown> {
  kind: string;
  payload: z.ZodType<Payload>;
  key(payload: Payload): string;
  /** Its GitHub requests wait behind a webhook's (src/github/request-scheduler.ts). */
  background?: boolean;
  /** Its GitHub requests go before all others: the payoff of work already done (a merge). */
  first?: boolean;
  run(deps: JobDeps, payload: Payload): Promise<void>;
}

/** Declares a kind, with the payload's type inferred from its schema. */
export function defineJobKind<Payload>(kind: JobKind<Payload>): JobKind<Payload> {
  return kind;
}
