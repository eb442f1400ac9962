import type { FastifyInstance } from "fastify";
import type { Probot } from "probot";
import type { JobQueue } from "../core/job.ts";
import { ZmqQueue } from "../core/zmq-queue.ts";
import { createProbot, type ProbotSettings } from "../github/create-probot.ts";
import { createServer } from "../server/create-server.ts";
import { createApp } from "./app.ts";
import type { EventMapper } from "./events.ts";
import {
  type BotObserver,
  createJobHandler,
  type ExtraJobHandler,
  type HandlerOptions,
} from "./handle-job.ts";
import { reconcileJob } from "./jobs.ts";

export interface BotOptions extends ProbotSettings {
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
  /** More webhook-to-job mappings and job handlers (community tooling). */
  extensions?: { mappers?: EventMapper[]; handlers?: Record<string, ExtraJobHandler> };
  /** Told of every verdict and merge (history, metrics, the sandbox's narration). */
  observer?: BotObserver;
  /** The job queue; the ZeroMQ core (broker and in-process workers) by default. */
  queue?: JobQueue;
  /** Timings of re-evaluations (tests shorten them). */
  timing?: Pick<
    HandlerOptions,
    "pendingRecheckMs" | "mergeableRecheckMs" | "unknownMergeRecheckMs" | "now"
  >;
}

export interface RunningBot {
  url: string;
  webhookUrl: string;
  server: FastifyInstance;
  probot: Probot;
  queue: JobQueue;
  close(): Promise<void>;
}

/** Starts c4bot: the webhook server, the queue and the workers that judge and merge. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const probot = createProbot(options);
  // Probot builds its logger while it initialises: read it late, at each call.
  const log = {
    info: (object: object, message?: string) => probot.log.info(object, message),
    warn: (object: object, message?: string) => probot.log.warn(object, message),
    error: (object: object, message?: string) => probot.log.error(object, message),
  };
  const appId = Number(options.appId);
  const queue =
    options.queue ??
    new ZmqQueue({
      concurrency: options.concurrency ?? 4,
      onError: (job, error, attempt) =>
        log.warn({ job: job.key, kind: job.kind, attempt, err: error }, "job failed"),
    });
  queue.start(
    createJobHandler({
      auth: (installationId) => probot.auth(installationId),
      log,
      dryRun: options.dryRun ?? false,
      ...(options.observer ? { observer: options.observer } : {}),
      ...(options.extensions?.handlers ? { extraHandlers: options.extensions.handlers } : {}),
      ...options.timing,
    }),
  );
  const server = await createServer({
    probot,
    app: createApp(queue, appId, options.extensions?.mappers),
  });
  const reconcileEvery = options.reconcileIntervalMs ?? 15 * 60_000;
  let reconciler: NodeJS.Timeout | undefined;
  if (reconcileEvery > 0) {
    const reconcile = () =>
      queue
        .enqueue(reconcileJob())
        .catch((error) => log.warn({ err: error }, "reconcile not queued"));
    if (options.reconcileAtStart !== false) void reconcile();
    reconciler = setInterval(reconcile, reconcileEvery);
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
    async close() {
      clearInterval(reconciler);
      await server.close();
      await queue.close();
    },
  };
}
