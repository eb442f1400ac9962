import { AsyncLocalStorage } from "node:async_hooks";
import type { CommunityOptions } from "../community/community-extensions.ts";
import {
  type Job,
  type JobContext,
  type JobHandler,
  PermanentJobError,
  RetryLaterError,
} from "../core/job.ts";
import type { GitHubClient } from "../github/client.ts";
import { describeError, isInstallationGone, rateLimitDelayMs } from "../github/errors.ts";
import { BranchRulesCache } from "../github/read-branch-rules.ts";
import { withRequestPriority } from "../github/request-priority.ts";
import { clockTime } from "./clock-time.ts";
import type { JobDeps, JobKind, JobSettings, Logger } from "./job-kind.ts";
import type { BotObserver } from "./observer.ts";
import { registryOf, requestPriorityOf } from "./registry.ts";

export interface JobRunnerOptions {
  /** c4bot's own app id: a sweep finds its `C4` runs by it. */
  appId?: number;
  /**
   * An authenticated client for an installation (Probot's `app.auth(id)`), or
   * for the app itself when no id is given.
   */
  auth(installationId?: number): Promise<GitHubClient>;
  log: Logger;
  observer?: BotObserver;
  /** The whole installation in dry-run: report everything, merge nothing. */
  dryRun?: boolean;
  now?: () => Date;
  /** The community tooling's settings (its clock). */
  community?: CommunityOptions;
  pendingRecheckMs?: number;
  mergeableRecheckMs?: number;
  unknownMergeRecheckMs?: number;
  /** Kinds beyond the registry's (tests); a remote worker runs only the registry's. */
  kinds?: readonly JobKind[];
}

/**
 * The worker side of c4bot: runs one job of any kind the registry declares
 * (registry.ts), in `c4bot serve` and in `c4bot worker` alike. A job of an
 * unknown kind, or whose payload its kind's schema refuses, throws
 * PermanentJobError: the queue dead-letters it at once, with the reason.
 */
export function createJobRunner(options: JobRunnerOptions): JobHandler {
  const now = options.now ?? (() => new Date());
  const settings: JobSettings = {
    ...(options.appId !== undefined ? { appId: options.appId } : {}),
    dryRun: options.dryRun ?? false,
    now,
    communityNow: options.community?.now ?? (() => new Date()),
    pendingRecheckMs: options.pendingRecheckMs ?? 10 * 60_000,
    mergeableRecheckMs: options.mergeableRecheckMs ?? 5_000,
    unknownMergeRecheckMs: options.unknownMergeRecheckMs ?? 30_000,
  };
  const registry = registryOf(options.kinds);
  const branchRules = new BranchRulesCache();
  const observer = options.observer ?? {};
  // Installations whose token GitHub refused, so their return is told once.
  const goneInstallations = new Set<number>();
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
      () => withRequestPriority(requestPriorityOf(job, registry), () => runJob(job, context)),
    );

  async function runJob(job: Job, context: JobContext): Promise<void> {
    const kind = registry.get(job.kind);
    if (!kind) throw refuse(`unknown job kind ${JSON.stringify(job.kind)}`);
    const checked = kind.payload.safeParse(job.payload);
    if (!checked.success) {
      const problems = checked.error.issues.map(
        (issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`,
      );
      throw refuse(`${job.kind}: bad payload: ${problems.join("; ")}`);
    }
    const installationId = (job.payload as { installationId?: number } | null)?.installationId;
    try {
      const github = await options.auth(installationId);
      const deps: JobDeps = {
        github,
        auth: options.auth,
        log,
        observer,
        settings,
        branchRules,
        context,
      };
      // The payload as sent: keys the schema does not name pass through.
      await kind.run(deps, job.payload);
      if (installationId !== undefined && goneInstallations.delete(installationId)) {
        observer.attention?.(installationNotice(installationId, "", true));
      }
    } catch (error) {
      if (installationId !== undefined && isInstallationGone(error)) {
        // Uninstalled or suspended: retrying cannot help, and a stack says nothing more.
        const text = `GitHub no longer knows installation ${installationId} (${describeError(error)}): its jobs are dropped until the app is installed again`;
        goneInstallations.add(installationId);
        observer.attention?.(installationNotice(installationId, text, false));
        throw refuse(text);
      }
      const delayMs = rateLimitDelayMs(error);
      if (delayMs !== null) {
        const until = new Date(now().getTime() + delayMs);
        log.warn(
          { job: job.key, delayMs, until: until.toISOString() },
          `waiting for GitHub's rate limit until ${clockTime(until)}`,
        );
        throw new RetryLaterError(delayMs, describeError(error));
      }
      throw error;
    }
  }

  function installationNotice(installation: number, text: string, cleared: boolean) {
    return {
      kind: "installation-gone" as const,
      repo: null,
      number: null,
      installation,
      // Its repositories may be private: a maintainer's matter.
      isPrivate: true,
      text,
      details: [],
      until: null,
      ...(cleared ? { cleared } : {}),
      at: now().toISOString(),
    };
  }

  function refuse(reason: string): PermanentJobError {
    log.warn({ reason }, "job refused: dead-lettered");
    return new PermanentJobError(reason);
  }
}
