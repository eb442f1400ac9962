import type { FastifyInstance } from "fastify";
import type { Probot } from "probot";
import { createEventReceiver, followJournal, resumeJournal } from "../app/app.ts";
import { botExtensions, botJobRunner, type JobRunSettings } from "../app/bot-job-runner.ts";
import { observeRemoteReports } from "../app/remote-reports.ts";
import { communityScheduleJob } from "../community/community-jobs.ts";
import type { BackendEndpoint } from "../core/broker.ts";
import { type JobQueue, PermanentJobError } from "../core/job.ts";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { createProbot, type ProbotSettings } from "../github/create-probot.ts";
import type { BudgetLimits } from "../github/installation-budget.ts";
import { RequestScheduler } from "../github/request-scheduler.ts";
import { HistoryStore, type Retention } from "../history/history-store.ts";
import { JobJournal } from "../history/job-journal.ts";
import { reconcileJob } from "../jobs/app-jobs.ts";
import type { BotObserver } from "../jobs/observer.ts";
import { BotMetrics } from "../metrics/bot-metrics.ts";
import { createServer } from "./create-server.ts";
import { dashboardRoutes } from "./dashboard/dashboard-routes.ts";
import { observabilityRoutes } from "./observability-routes.ts";
import { ReadinessProbe } from "./readiness.ts";

export interface BotOptions extends ProbotSettings, JobRunSettings {
  port?: number;
  host?: string;
  /** Report everything, merge nothing, in every repository. */
  dryRun?: boolean;
  /** Jobs run at once (different pull requests). */
  concurrency?: number;
  /**
   * How often every open pull request of every installation is evaluated
   * again, so a lost webhook or a crash never leaves a correct patch waiting
   * longer than this. Also once at start-up. 0 turns it off.
   */
  reconcileIntervalMs?: number;
  /** Also sweep once at start-up (default true; a world known to be empty can skip it). */
  reconcileAtStart?: boolean;
  /** Told of every verdict and merge (history, metrics, the sandbox's narration). */
  observer?: BotObserver;
  /** The job queue; the ZeroMQ core (broker and in-process workers) by default. */
  queue?: JobQueue;
  /** The default queue's in-process workers (1; 0 leaves every job to remote ones). */
  workers?: number;
  /** Where the default queue's broker also takes `c4bot worker`s (C4BOT_BIND, CurveZMQ). */
  remoteWorkers?: readonly BackendEndpoint[];
  /** Where the history (SQLite) lives (C4BOT_DATA_DIR); none keeps it in memory. */
  dataDir?: string;
  /** How long the history keeps verdicts and merges. */
  retention?: Retention;
  /** Signs maintainers in to the dashboard (C4BOT_DASHBOARD_TOKEN); none: public repositories only. */
  dashboardToken?: string;
  /** Bearer token `/metrics` asks for (C4BOT_METRICS_TOKEN); none leaves it open. */
  metricsToken?: string;
  /** Stored `c4bot bench run` reports charted on the dashboard (C4BOT_BENCH_DIR). */
  benchDir?: string;
  /** The web address of GitHub for the dashboard's links (`https://github.com`, a GHES host). */
  githubUrl?: string;
  /** GitHub's limits that no header announces (GHES administrators may change them). */
  githubLimits?: Partial<BudgetLimits>;
}

export interface RunningBot {
  url: string;
  webhookUrl: string;
  server: FastifyInstance;
  probot: Probot;
  queue: JobQueue;
  history: HistoryStore;
  /** The jobs webhooks called for, until the queue finishes them (resumed at start). */
  journal: JobJournal;
  metrics: BotMetrics;
  /** What each installation has spent of GitHub's budget, and whether it waits. */
  scheduler: RequestScheduler;
  close(): Promise<void>;
}

/** Starts c4bot: the webhook server, the queue and the workers that judge and merge. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const metrics = new BotMetrics();
  let readiness: ReadinessProbe | undefined;
  const scheduler = new RequestScheduler({
    ...(options.githubLimits ? { limits: options.githubLimits } : {}),
    log: { warn: (object, message) => log.warn(object, message) },
  });
  metrics.observeGitHubBudgets(() => scheduler.budgets());
  const probot = createProbot({
    ...options,
    scheduler,
    onRequest(request) {
      metrics.githubRequest(request);
      // Requests signed with the app's JWT prove its credentials (/readyz).
      if (request.route.startsWith("/app") && request.status >= 200 && request.status < 300) {
        readiness?.credentialsWorked();
      }
      options.onRequest?.(request);
    },
  });
  // Probot builds its logger while it initialises: read it late, at each call.
  const log = {
    info: (object: object, message?: string) => probot.log.info(object, message),
    warn: (object: object, message?: string) => probot.log.warn(object, message),
    error: (object: object, message?: string) => probot.log.error(object, message),
  };
  const appId = Number(options.appId);
  const extensions = botExtensions(options);
  let queue = options.queue;
  if (!queue) {
    const core = new ZmqQueue({
      concurrency: options.concurrency ?? 4,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.remoteWorkers ? { remote: options.remoteWorkers } : {}),
      // The core's warnings (a worker lost, a peer unreachable, a bad report)
      // in the same structured log as everything else, not on stderr.
      log: { warn: (object, message) => log.warn(object, message) },
      onError: (job, error, attempt) =>
        log.warn(
          {
            jobKey: job.key,
            jobKind: job.kind,
            deliveryId: job.deliveryId,
            attempt,
            // A refused job's reason is its whole story: one line, no stack.
            ...(error instanceof PermanentJobError ? { reason: error.message } : { err: error }),
          },
          error instanceof PermanentJobError ? "job dropped" : "job failed",
        ),
    });
    // Binds now: a taken port fails start-up, not a job later.
    await core.listen();
    queue = core;
  }
  metrics.observeQueue(queue);
  const history = new HistoryStore({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.retention ? { retention: options.retention } : {}),
  });
  // Durable intake (issue 17): a webhook is answered once its jobs are recorded here.
  const journal = new JobJournal({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    onError: (error) => log.error({ err: error }, "journal: finished jobs not marked"),
  });
  followJournal(queue, journal, log);
  const observer: BotObserver = {
    verdict(event) {
      metrics.verdict(event);
      record(() => history.recordVerdict(event));
      options.observer?.verdict?.(event);
    },
    merged(event) {
      metrics.merged(event);
      record(() => history.recordMerge(event));
      options.observer?.merged?.(event);
    },
    attention(event) {
      record(() => history.recordAttention(event));
      options.observer?.attention?.(event);
    },
  };
  // Verdicts, merges and GitHub requests of `c4bot worker`s elsewhere come as reports.
  observeRemoteReports(
    queue,
    { ...observer, githubRequest: (request) => metrics.githubRequest(request) },
    log,
  );
  // The history is a record, not the source of truth: a full disk must not fail jobs.
  const record = (write: () => void) => {
    try {
      write();
    } catch (error) {
      log.error({ err: error }, "history not written");
    }
  };
  readiness = new ReadinessProbe({
    queue,
    async checkCredentials() {
      const app = await probot.auth();
      await app.request("GET /app");
    },
  });
  queue.start(botJobRunner(options, { probot, log, observer }));
  const receive = createEventReceiver(queue, appId, journal, extensions.mappers);
  const probe = readiness;
  const server = await createServer({
    webhookSecret: options.webhookSecret,
    onEvent: async (event) => {
      metrics.webhook(event.name, (event.payload as { action?: string } | null)?.action);
      await receive(event);
    },
    onWebhookResponse: (status, signatureFailed) =>
      metrics.webhookResponse(status, signatureFailed),
    warn: (object, message) => log.warn(object, message),
    error: (object, message) => log.error(object, message),
    routes: async (instance) => {
      await observabilityRoutes({
        readiness: probe,
        metrics,
        ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
      })(instance);
      await dashboardRoutes({
        history,
        queue,
        budgets: () => scheduler.budgets(),
        ...(options.dashboardToken ? { token: options.dashboardToken } : {}),
        ...(options.benchDir ? { benchDir: options.benchDir } : {}),
        ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
      })(instance);
    },
  });
  // What a killed serve had accepted and not finished, before the sweep.
  await resumeJournal(queue, journal, log);
  const reconcileEvery = options.reconcileIntervalMs ?? 15 * 60_000;
  let reconciler: NodeJS.Timeout | undefined;
  if (reconcileEvery > 0) {
    const reconcile = () =>
      queue
        .enqueue(reconcileJob(), { priority: "background" })
        .catch((error) => log.warn({ err: error }, "reconcile not queued"));
    if (options.reconcileAtStart !== false) void reconcile();
    // The community sweeps (stale issues, C4 2.4.19) ride the reconciler's
    // timer; nothing about them is urgent at start-up.
    reconciler = setInterval(() => {
      void reconcile();
      queue
        .enqueue(communityScheduleJob(), { priority: "background" })
        .catch((error) => log.warn({ err: error }, "community sweep not queued"));
    }, reconcileEvery);
    reconciler.unref();
  }
  const url = await server.listen({
    port: options.port ?? 3000,
    host: options.host ?? "127.0.0.1",
  });
  const base = url.replace("[::1]", "127.0.0.1");
  return {
    url: base,
    webhookUrl: `${base}/api/github/webhooks`,
    server,
    probot,
    queue,
    history,
    journal,
    metrics,
    scheduler,
    async close() {
      probe.markClosing();
      clearInterval(reconciler);
      // The server keeps answering while running jobs finish: /readyz says
      // 503 "shutting down", so a load balancer drains this instance, and a
      // webhook gets 503 (QueueClosedError), which GitHub can redeliver.
      await queue.close();
      await server.close();
      history.close();
      journal.close();
    },
  };
}
