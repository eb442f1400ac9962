import { z } from "zod";
import { ruleIds } from "../c4/result.ts";
import type { JobQueue } from "../core/job.ts";
import type { GitHubRequestSeen } from "../github/create-probot.ts";
import type { AttentionEvent, BotObserver, MergeEvent, VerdictEvent } from "../jobs/observer.ts";

/**
 * Verdicts and merges made by `c4bot worker` processes on other machines,
 * and their GitHub requests, reach `serve`'s history and metrics as worker
 * reports (docs/core.md, "Remote workers"): the remote worker reports each
 * event, and `serve` checks what arrives and tells its own observers.
 */
export const reportTopics = {
  verdict: "c4bot.verdict",
  merged: "c4bot.merged",
  attention: "c4bot.attention",
  githubRequest: "c4bot.github-request",
} as const;

/** What `serve` does with what remote workers report. */
export interface RemoteObservers extends BotObserver {
  /** A GitHub request a remote worker made (its metrics, its rate limit). */
  githubRequest?(request: GitHubRequestSeen): void;
}

/** The observer of a remote worker: every event goes to the broker's process. */
export function reportingObserver(report: (topic: string, data: unknown) => void): BotObserver {
  return {
    verdict: (event) => report(reportTopics.verdict, event),
    merged: (event) => report(reportTopics.merged, event),
    attention: (event) => report(reportTopics.attention, event),
  };
}

/** The `onRequest` of a remote worker's Probot: every GitHub request goes to the broker's process. */
export function reportingRequests(
  report: (topic: string, data: unknown) => void,
): (request: GitHubRequestSeen) => void {
  return (request) => report(reportTopics.githubRequest, request);
}

const outcome = z.enum(["pass", "fail", "warn", "pending", "skip"]);

// What the history and the metrics read, checked; the rest of a verdict
// (fixes, commits) is kept as sent.
const verdictEvent = z.object({
  repo: z.string().min(1),
  number: z.number().int().positive(),
  title: z.string(),
  author: z.string(),
  headSha: z.string(),
  isPrivate: z.boolean(),
  verdict: z.looseObject({
    decision: z.enum(["merge", "wait", "reject"]),
    correct: z.boolean(),
    results: z.array(
      z.looseObject({
        rule: z.enum(ruleIds),
        clause: z.string(),
        outcome,
        message: z.string(),
        blocking: z.boolean().optional(),
      }),
    ),
  }),
  merging: z.boolean(),
  dryRun: z.boolean(),
  at: z.iso.datetime(),
});

const mergeEvent = z.object({
  repo: z.string().min(1),
  number: z.number().int().positive(),
  sha: z.string().nullable(),
  forced: z.string().optional(),
  at: z.iso.datetime(),
});

const attentionEvent = z.object({
  kind: z.enum(["config-broken", "merge-retry", "installation-gone"]),
  repo: z.string().min(1).nullable(),
  number: z.number().int().positive().nullable(),
  installation: z.number().int().nullable(),
  isPrivate: z.boolean(),
  text: z.string().max(2000),
  details: z.array(z.string().max(2000)).max(100),
  until: z.iso.datetime().nullable(),
  cleared: z.boolean().optional(),
  at: z.iso.datetime(),
});

const githubRequest = z.object({
  method: z.string().min(1).max(16),
  // Route templates only: metric labels must stay few.
  route: z.string().max(300),
  status: z.number().int().min(0).max(999),
  rateLimitRemaining: z.number().int().min(0).optional(),
  rateLimitResource: z.string().max(64).optional(),
});

interface ReportLog {
  warn(object: object, message?: string): void;
}

/**
 * Passes what remote workers report to `observer`; a report that does not
 * check out is logged and dropped. Does nothing for a queue without remote
 * workers' reports (LocalQueue).
 */
export function observeRemoteReports(
  queue: JobQueue,
  observer: RemoteObservers,
  log: ReportLog,
): void {
  const readers = new Map<string, (data: unknown) => z.ZodError | undefined>([
    [reportTopics.verdict, reader(verdictEvent, (e: VerdictEvent) => observer.verdict?.(e))],
    [reportTopics.merged, reader(mergeEvent, (e: MergeEvent) => observer.merged?.(e))],
    [
      reportTopics.attention,
      reader(attentionEvent, (e: AttentionEvent) => observer.attention?.(e)),
    ],
    [
      reportTopics.githubRequest,
      reader(githubRequest, (r: GitHubRequestSeen) => observer.githubRequest?.(r)),
    ],
  ]);
  queue.onReport?.((topic, data) => {
    const read = readers.get(topic);
    if (!read) {
      log.warn({ topic }, "worker report of an unknown topic dropped");
      return;
    }
    const problems = read(data);
    if (problems)
      log.warn({ topic, problems: z.prettifyError(problems) }, "bad worker report dropped");
  });
}

/** A topic's reader: checks the data against `schema` and tells `tell`; the problems if it fails. */
function reader<T>(schema: z.ZodType, tell: (data: T) => void) {
  return (data: unknown): z.ZodError | undefined => {
    const checked = schema.safeParse(data);
    if (!checked.success) return checked.error;
    tell(checked.data as T);
    return undefined;
  };
}
