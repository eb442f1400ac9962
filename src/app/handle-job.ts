import { AsyncLocalStorage } from "node:async_hooks";
import {
  C4_CHECK_NAME,
  type C4Config,
  evaluate,
  parseConfig,
  REPO_CONFIG_FILE,
  type Verdict,
} from "../c4/index.ts";
import { hasPermission } from "../c4/permission.ts";
import type { Job, JobContext, JobHandler } from "../core/job.ts";
import { RetryLaterError } from "../core/job.ts";
import { writeCheckRun } from "../github/check-run.ts";
import type { GitHubClient } from "../github/client.ts";
import { addComment } from "../github/comment.ts";
import { describeError, rateLimitDelayMs, statusOf } from "../github/errors.ts";
import type { RequestPriority } from "../github/installation-budget.ts";
import { listOpenPulls } from "../github/list-open-pulls.ts";
import { mergePull } from "../github/merge-pull.ts";
import { type PullRead, readSnapshot } from "../github/read-snapshot.ts";
import { withRequestPriority } from "../github/request-priority.ts";
import { checkRunReport } from "./check-run-report.ts";
import { commandHelp, parseCommand } from "./commands.ts";
import { configForPull, problemsBlock } from "./config-for-pull.ts";
import { inputsFingerprint, isSettled } from "./evaluation-inputs.ts";
import type {
  AppJob,
  CommandPayload,
  EvaluatePayload,
  MergePayload,
  SweepPayload,
} from "./jobs.ts";
import { evaluateJob, mergeJob, sweepJob } from "./jobs.ts";

export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

/** What the bot decided about one head: for history, metrics and the sandbox's narration. */
export interface VerdictEvent {
  repo: string;
  number: number;
  title: string;
  author: string;
  headSha: string;
  /** Private repositories are shown only to signed-in maintainers. */
  isPrivate: boolean;
  verdict: Verdict;
  /** A merge job was queued for this head. */
  merging: boolean;
  dryRun: boolean;
  at: string;
}

export interface MergeEvent {
  repo: string;
  number: number;
  sha: string | null;
  /** `/c4 merge` by a maintainer (C4 2.4.16), with the reason. */
  forced?: string;
  at: string;
}

/** Observers of what the bot does; each is called after the GitHub write succeeded. */
export interface BotObserver {
  verdict?(event: VerdictEvent): void;
  merged?(event: MergeEvent): void;
}

/**
 * A handler for job kinds beyond the app's own (community tooling). It gets
 * the installation's client when the payload names an `installationId`, else
 * the app's.
 */
export type ExtraJobHandler = (
  github: GitHubClient,
  job: Job,
  context: JobContext,
  log: Logger,
) => Promise<void>;

export interface HandlerOptions {
  /** c4bot's own app id: a sweep finds its `C4` runs by it. */
  appId?: number;
  /**
   * An authenticated client for an installation (Probot's `app.auth(id)`), or
   * for the app itself when no id is given.
   */
  auth(installationId?: number): Promise<GitHubClient>;
  log: Logger;
  observer?: BotObserver;
  /** Handlers of other job kinds, by kind. */
  extraHandlers?: Record<string, ExtraJobHandler>;
  /** The whole installation in dry-run: report everything, merge nothing. */
  dryRun?: boolean;
  now?: () => Date;
  /** While CI runs, look again this long after, even if no event comes. */
  pendingRecheckMs?: number;
  /** While GitHub computes mergeability (`mergeable: null`), look again this soon. */
  mergeableRecheckMs?: number;
  /** After a merge whose outcome is unknown (5xx, timeout), evaluate again this long after. */
  unknownMergeRecheckMs?: number;
}

/** The worker side of the app: runs one job against GitHub. */
export function createJobHandler(options: HandlerOptions): JobHandler {
  const settings = {
    now: options.now ?? (() => new Date()),
    pendingRecheckMs: options.pendingRecheckMs ?? 10 * 60_000,
    mergeableRecheckMs: options.mergeableRecheckMs ?? 5_000,
    unknownMergeRecheckMs: options.unknownMergeRecheckMs ?? 30_000,
  };
  // Every line logged while a job runs carries its delivery id and key, so one
  // pull request's story can be followed with grep (issue 6).
  const jobFields = new AsyncLocalStorage<object>();
  const withJob =
    (level: keyof Logger) =>
    (object: object, message?: string): void =>
      options.log[level]({ ...jobFields.getStore(), ...object }, message);
  const log: Logger = { info: withJob("info"), warn: withJob("warn"), error: withJob("error") };
  return (job: Job, context: JobContext) =>
    jobFields.run(
      {
        jobKey: job.key,
        jobKind: job.kind,
        attempt: context.attempt,
        ...(job.deliveryId ? { deliveryId: job.deliveryId } : {}),
      },
      () => withRequestPriority(requestPriorityOf(job), () => runJob(job, context)),
    );

  async function runJob(job: Job, context: JobContext): Promise<void> {
    const appJob = job as AppJob;
    const github = await options.auth(
      (job.payload as { installationId?: number } | null)?.installationId,
    );
    try {
      switch (appJob.kind) {
        case "pull.evaluate":
          return await evaluatePull(github, appJob.payload, context);
        case "pull.merge":
          return await mergeEvaluated(github, appJob.payload, context);
        case "repo.sweep":
          return await sweep(github, appJob.payload, context);
        case "app.reconcile":
          return await reconcile(github, context);
        case "pull.command":
          return await command(github, appJob.payload, context);
        default: {
          const extra = options.extraHandlers?.[job.kind];
          if (extra) return await extra(github, job, context, log);
          log.warn({ job }, "unknown job kind: dropped");
        }
      }
    } catch (error) {
      const delayMs = rateLimitDelayMs(error);
      if (delayMs !== null) {
        log.warn({ job: job.key, delayMs }, "GitHub rate limit: trying again later");
        throw new RetryLaterError(delayMs, describeError(error));
      }
      throw error;
    }
  }

  async function evaluatePull(github: GitHubClient, job: EvaluatePayload, context: JobContext) {
    const now = settings.now();
    const read = await readSnapshot(github, job, now.toISOString());
    const snapshot = read.snapshot;
    if (!snapshot || read.state !== "OPEN") {
      log.info({ pull: `${job.owner}/${job.repo}#${job.number}` }, "not open: skipped");
      return;
    }
    const target = {
      owner: job.owner,
      repo: job.repo,
      headSha: snapshot.head.sha,
      name: C4_CHECK_NAME,
      id: read.c4CheckRunId,
      existing: read.c4CheckRun,
    };
    const resolved = configForPull(read, job.owner);
    if (!resolved.ok) {
      await writeCheckRun(github, target, {
        title: `Invalid ${resolved.source}: c4bot cannot check this pull request`,
        summary: [
          `c4bot could not read its configuration, \`${resolved.source}\`, so it judges and merges nothing in this repository until it is fixed.`,
          problemsBlock(resolved.errors),
          "See docs/configuration.md for every key.",
        ].join("\n\n"),
        conclusion: "failure",
      });
      return;
    }
    const config = resolved.config;
    let verdict = evaluate(snapshot, config);
    const notes: string[] = [];
    if (resolved.warnings.length > 0) {
      notes.push(`⚠️ Warnings about \`${resolved.source}\` (c4bot checks with the rest):`);
      notes.push(problemsBlock(resolved.warnings));
    }
    if (read.changesConfig) {
      const change = await validateConfigChange(github, job, snapshot.head.sha);
      notes.push(change.note);
      if (!change.ok) verdict = { ...verdict, decision: "reject", correct: false };
    }

    const dryRun = options.dryRun === true || config.mode === "dry-run";
    const force = job.force ? authorise(job, read, config) : null;
    if (job.force && !force) {
      await addComment(
        github,
        job,
        `@${job.force.by}: only maintainers (\`${config.maintainerPermission}\` permission or more) can merge with \`/c4 merge\` (C4 2.4.16).`,
      );
    }
    let merging = (verdict.decision === "merge" || force !== null) && !dryRun && !snapshot.draft;
    if (merging && snapshot.mergeable === false) {
      merging = false;
      notes.push(
        `❗ GitHub reports a merge conflict with \`${snapshot.repo.defaultBranch}\`: rebase the patch on it and push.`,
      );
    } else if (merging && snapshot.mergeable === null) {
      merging = false;
      notes.push(
        "⏳ GitHub is still working out whether the patch merges cleanly; c4bot looks again shortly.",
      );
      // GitHub computes mergeability in the background, usually within seconds;
      // back off so that a slow computation costs few requests.
      const waits = job.mergeableWaits ?? 0;
      await context.enqueue(evaluateJob({ ...job, mergeableWaits: waits + 1 }), {
        delayMs: Math.min(settings.mergeableRecheckMs * 2 ** waits, 5 * 60_000),
      });
    }
    if (force && merging) {
      notes.push(
        `🔨 @${force.by} asked to merge this patch anyway (C4 2.4.16): "${force.reason}".`,
      );
    }

    const report = checkRunReport(verdict, { dryRun, merging, notes });
    if (force && merging) report.title = `Merging on @${force.by}'s word (C4 2.4.16)`;
    if (isSettled(verdict, merging)) {
      report.externalId = inputsFingerprint({
        headSha: snapshot.head.sha,
        updatedAt: snapshot.updatedAt,
        configOids: read.configOids,
      });
    }
    const checkRunId = await writeCheckRun(github, target, report);
    options.observer?.verdict?.({
      repo: `${job.owner}/${job.repo}`,
      number: job.number,
      title: snapshot.title,
      author: snapshot.author.login,
      headSha: snapshot.head.sha,
      isPrivate: read.isPrivate,
      verdict,
      merging,
      dryRun,
      at: now.toISOString(),
    });

    if (merging) {
      await context.enqueue(
        mergeJob({
          installationId: job.installationId,
          owner: job.owner,
          repo: job.repo,
          number: job.number,
          sha: snapshot.head.sha,
          method: config.merge.method,
          checkRunId,
          ...(force
            ? {
                commitMessage: `Merged by @${force.by} under C4 2.4.16, though not a correct patch: ${force.reason}`,
              }
            : {}),
        }),
      );
    } else if (verdict.decision === "wait") {
      await context.enqueue(evaluateJob(stripForce(job)), { delayMs: recheckDelay(verdict, now) });
    }
  }

  function recheckDelay(verdict: Verdict, now: Date): number {
    if (!verdict.recheckAt) return settings.pendingRecheckMs;
    // One second late rather than early: a quiet period must really be over.
    return Math.max(1000, Date.parse(verdict.recheckAt) - now.getTime() + 1000);
  }

  async function mergeEvaluated(github: GitHubClient, job: MergePayload, context: JobContext) {
    const pull = `${job.owner}/${job.repo}#${job.number}`;
    const result = await mergePull(github, {
      owner: job.owner,
      repo: job.repo,
      number: job.number,
      sha: job.sha,
      method: job.method,
      ...(job.commitMessage ? { commitMessage: job.commitMessage } : {}),
    });
    switch (result.kind) {
      case "merged":
        log.info({ pull, sha: result.sha, alreadyMerged: result.alreadyMerged }, "merged");
        options.observer?.merged?.({
          repo: `${job.owner}/${job.repo}`,
          number: job.number,
          sha: result.sha,
          ...(job.commitMessage ? { forced: job.commitMessage } : {}),
          at: settings.now().toISOString(),
        });
        return;
      case "head-moved":
        log.info({ pull }, "head moved since evaluation: evaluating the new head");
        await context.enqueue(evaluateJob(job));
        return;
      case "rate-limited":
        throw new RetryLaterError(result.delayMs, "rate limited on merge");
      case "unknown":
        log.warn({ pull, error: result.message }, "merge outcome unknown: evaluating again");
        await context.enqueue(evaluateJob(job), { delayMs: settings.unknownMergeRecheckMs });
        return;
      case "refused": {
        // A second merge job of a patch that merged already is refused too: not news.
        const { data } = await github.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
          owner: job.owner,
          repo: job.repo,
          pull_number: job.number,
        });
        if (data.merged) return;
        log.warn({ pull, status: result.status }, `GitHub refused the merge: ${result.message}`);
        await writeCheckRun(
          github,
          {
            owner: job.owner,
            repo: job.repo,
            headSha: job.sha,
            name: C4_CHECK_NAME,
            id: job.checkRunId,
          },
          {
            title: "Correct patch, but GitHub refused to merge it",
            summary: [
              `GitHub answered ${result.status}: "${result.message}".`,
              refusalAdvice(result.status),
              "c4bot tries again on the next change to the pull request, or on `/c4 recheck`.",
            ].join("\n\n"),
            conclusion: "success",
          },
        );
        return;
      }
    }
  }

  /**
   * Evaluates the open pull requests of a repository again. A full sweep
   * (the reconciler's, a push to the default branch) skips every pull
   * request whose settled verdict was made from the inputs it still has
   * (`external_id` of its `C4` run), so a sweep that finds nothing new writes
   * nothing and costs one query per 100 pull requests; the evaluations it
   * does queue are background work. A sweep for one head or one issue is an
   * event's: it evaluates what it names.
   */
  async function sweep(github: GitHubClient, job: SweepPayload, context: JobContext) {
    const full = job.sha === undefined && job.issue === undefined;
    const open = await listOpenPulls(github, job, options.appId);
    for (const pull of open.pulls) {
      if (job.sha && pull.headSha !== job.sha) continue;
      if (job.issue !== undefined && !pull.closes.includes(job.issue)) continue;
      if (
        full &&
        pull.c4ExternalId ===
          inputsFingerprint({
            headSha: pull.headSha,
            updatedAt: pull.updatedAt,
            configOids: open.configOids,
          })
      ) {
        continue;
      }
      // A full sweep's evaluations run only while a worker slot stays free for
      // a webhook's job (the core's background priority), and their requests
      // wait behind a webhook's (the request scheduler).
      await context.enqueue(
        evaluateJob({
          installationId: job.installationId,
          owner: job.owner,
          repo: job.repo,
          number: pull.number,
          ...(full ? { background: true } : {}),
        }),
        full ? { priority: "background" } : {},
      );
    }
  }

  async function reconcile(app: GitHubClient, context: JobContext) {
    const installations = await app.paginate("GET /app/installations", { per_page: 100 });
    for (const installation of installations) {
      if (installation.suspended_at) continue;
      const github = await options.auth(installation.id);
      const repositories = await github.paginate("GET /installation/repositories", {
        per_page: 100,
      });
      for (const repository of repositories) {
        if (repository.archived) continue;
        await context.enqueue(
          sweepJob({
            installationId: installation.id,
            owner: repository.owner.login,
            repo: repository.name,
          }),
          { priority: "background" },
        );
      }
    }
  }

  async function command(github: GitHubClient, job: CommandPayload, context: JobContext) {
    const parsed = parseCommand(job.body);
    if (!parsed) return;
    const pull = {
      installationId: job.installationId,
      owner: job.owner,
      repo: job.repo,
      number: job.number,
    };
    switch (parsed.name) {
      case "recheck":
        await context.enqueue(evaluateJob(pull));
        return;
      case "merge":
        if (!parsed.reason) {
          await addComment(
            github,
            job,
            `@${job.author}: \`/c4 merge\` needs a reason, e.g. \`/c4 merge to end a fruitless discussion\`; it is recorded in the merge commit (C4 2.4.16).`,
          );
          return;
        }
        await context.enqueue(
          evaluateJob({ ...pull, force: { by: job.author, reason: parsed.reason } }),
        );
        return;
      case "help":
        await addComment(
          github,
          job,
          parsed.unknown
            ? `@${job.author}: c4bot does not know \`/c4 ${parsed.unknown}\`.\n\n${commandHelp}`
            : commandHelp,
        );
        return;
    }
  }
}

/**
 * Sweeps and periodic walks spend GitHub's budget only behind the work a
 * webhook caused, and only part of it (src/github/request-scheduler.ts); so
 * do the evaluations a sweep queues (`background` in their payload). A merge
 * goes first of all: it is what the evaluations were for, and a contributor
 * whose patch is correct should not wait for a burst of other check runs.
 */
const backgroundKinds = new Set([
  "app.reconcile",
  "repo.sweep",
  "community.schedule",
  "community.stale",
  "community.suggest",
  "community.release-notes",
]);

export function requestPriorityOf(job: Job): RequestPriority {
  const flagged = (job.payload as { background?: unknown } | null)?.background === true;
  if (job.kind === "pull.merge") return "high";
  return backgroundKinds.has(job.kind) || flagged ? "background" : "normal";
}

/** The one who asked for `/c4 merge` may, if they are a maintainer. */
function authorise(job: EvaluatePayload, read: PullRead, config: C4Config) {
  if (!job.force) return null;
  const permission = read.permissions.get(job.force.by.toLowerCase()) ?? "none";
  return hasPermission(permission, config.maintainerPermission) ? job.force : null;
}

function stripForce(job: EvaluatePayload): EvaluatePayload {
  const { force: _force, ...rest } = job;
  return rest;
}

/** Checks the `.github/c4.yml` a pull request brings, so a broken one never lands. */
async function validateConfigChange(
  github: GitHubClient,
  job: EvaluatePayload,
  headSha: string,
): Promise<{ ok: boolean; note: string }> {
  let text: string;
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: job.owner,
      repo: job.repo,
      path: REPO_CONFIG_FILE,
      ref: headSha,
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) {
      return {
        ok: false,
        note: `❌ This patch makes \`${REPO_CONFIG_FILE}\` something other than a file.`,
      };
    }
    text = Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (statusOf(error) === 404) {
      return {
        ok: true,
        note: `ℹ️ This patch removes \`${REPO_CONFIG_FILE}\`: the defaults would apply.`,
      };
    }
    throw error;
  }
  const parsed = parseConfig(text, REPO_CONFIG_FILE);
  if (!parsed.ok) {
    return {
      ok: false,
      note: `❌ This patch changes \`${REPO_CONFIG_FILE}\`, and the new file is invalid; c4bot would stop working in this repository:\n\n${problemsBlock(parsed.errors)}`,
    };
  }
  const warnings =
    parsed.warnings.length > 0 ? `, with warnings:\n\n${problemsBlock(parsed.warnings)}` : ".";
  return {
    ok: true,
    note: `✅ This patch changes \`${REPO_CONFIG_FILE}\`; the new file is valid${warnings}`,
  };
}

function refusalAdvice(status: number): string {
  if (status === 405) {
    return "Usually a branch protection rule (required reviews or checks the bot cannot satisfy) or a merge method the repository does not allow. Under C4, branch protection should not gate a correct patch (2.4.14); or set `merge.method` in `.github/c4.yml` to one the repository allows.";
  }
  if (status === 403)
    return "The app may lack the `contents: write` permission on this repository.";
  return "A maintainer can look at the pull request and merge it by hand.";
}
