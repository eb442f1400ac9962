import { Probot, ProbotOctokit } from "probot";
import { requestCost } from "./request-cost.ts";
import { currentRequestPriority } from "./request-priority.ts";
import { RequestScheduler } from "./request-scheduler.ts";

type Logger = Probot["log"];
type OctokitPlugin = Parameters<typeof ProbotOctokit.plugin>[0];

export interface ProbotSettings {
  appId: number | string;
  privateKey: string;
  webhookSecret: string;
  /** `https://api.github.com`, or `http(s)://HOST/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  log?: Logger;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** `json` (one pino JSON object a line) or `pretty` (Probot's default, for people). */
  logFormat?: "json" | "pretty";
  /**
   * Spends each installation's GitHub budget (src/github/request-scheduler.ts);
   * one with GitHub's published limits by default.
   */
  scheduler?: RequestScheduler;
  /** Told of every GitHub API request and its answer (metrics, readiness). */
  onRequest?: (request: GitHubRequestSeen) => void;
}

/** A GitHub API request as the Octokit hook saw it. */
export interface GitHubRequestSeen {
  method: string;
  /** The route template (`/repos/{owner}/{repo}`), so labels stay few. */
  route: string;
  /** The HTTP status; 0 when no answer came (network error, timeout). */
  status: number;
  /** `x-ratelimit-remaining` and `x-ratelimit-resource`, when GitHub sent them. */
  rateLimitRemaining?: number;
  rateLimitResource?: string;
}

/**
 * Rate limits are handled by c4bot's own request scheduler, never retried by
 * Octokit's plugins: the retry plugin would repeat a 429 three times (and a
 * 405 or 409 merge answer), and the throttling plugin sends every GraphQL
 * query, reads included, one a second per installation.
 */
const doNotRetry = [400, 401, 403, 404, 405, 409, 410, 422, 429, 451];

/**
 * Probot configured for c4bot: every request goes through the scheduler's
 * lanes of its installation. A long wait is not sat out inside a request:
 * the error reaches the job, which hands the delay to the queue, so no
 * worker sits idle waiting.
 */
export function createProbot(settings: ProbotSettings): Probot {
  const Octokit = scheduledOctokit(
    settings.scheduler ?? new RequestScheduler(),
    settings.onRequest,
  );
  return new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    Octokit,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.log ? { log: settings.log } : {}),
    logLevel: settings.logLevel ?? "info",
    ...(settings.logFormat ? { logFormat: settings.logFormat } : {}),
  });
}

/**
 * Probot's Octokit with every request sent through `scheduler`'s lanes (and
 * told to `onRequest`): the one client class of the bot and of the CLI.
 */
export function scheduledOctokit(
  scheduler: RequestScheduler,
  onRequest?: (request: GitHubRequestSeen) => void,
) {
  const Scheduled = ProbotOctokit.plugin(scheduleRequests(scheduler));
  const Base = onRequest ? Scheduled.plugin(observeRequests(onRequest)) : Scheduled;
  // A function, not an object: Probot wraps this class with throttle options of
  // its own, which an object default would let override ours.
  return Base.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object), enabled: false },
    retry: { ...(options.retry as object), doNotRetry },
  }));
}

/**
 * An Octokit plugin that sends each request through the scheduler's lanes of
 * its installation (the app's own JWT requests share one lane, `app`), at
 * the priority of the job that makes it.
 */
function scheduleRequests(scheduler: RequestScheduler): OctokitPlugin {
  return (octokit, options) => {
    const auth = (options as { auth?: { installationId?: number | string } }).auth;
    const installation = auth?.installationId !== undefined ? String(auth.installationId) : "app";
    octokit.hook.wrap("request", (request, requestOptions) => {
      const cost = requestCost(
        String(requestOptions.method ?? "GET"),
        String(requestOptions.url ?? ""),
        requestOptions,
      );
      return scheduler.schedule(installation, cost, currentRequestPriority(), () =>
        Promise.resolve(request(requestOptions)),
      );
    });
  };
}

/** An Octokit plugin that reports each request's outcome; it never changes one. */
function observeRequests(onRequest: (request: GitHubRequestSeen) => void): OctokitPlugin {
  return (octokit) => {
    octokit.hook.wrap("request", async (request, options) => {
      const method = String(options.method ?? "GET");
      // `url` is the template before parameters are filled in (`/repos/{owner}/{repo}`).
      const route = routeOf(String(options.url ?? ""));
      const report = (status: number, headers: Record<string, unknown> | undefined) => {
        const remaining = Number(headers?.["x-ratelimit-remaining"]);
        const resource = headers?.["x-ratelimit-resource"];
        try {
          onRequest({
            method,
            route,
            status,
            ...(Number.isFinite(remaining) && headers?.["x-ratelimit-remaining"] !== undefined
              ? { rateLimitRemaining: remaining }
              : {}),
            ...(typeof resource === "string" ? { rateLimitResource: resource } : {}),
          });
        } catch {
          // An observer's bug must not fail a GitHub request.
        }
      };
      try {
        const response = await request(options);
        report(response.status, response.headers);
        return response;
      } catch (error) {
        const failed = error as {
          status?: number;
          response?: { headers?: Record<string, unknown> };
        };
        report(typeof failed.status === "number" ? failed.status : 0, failed.response?.headers);
        throw error;
      }
    });
  };
}

/** A route label: GraphQL on GHES is a full URL (`https://HOST/api/graphql`); keep it `/graphql`. */
function routeOf(url: string): string {
  if (!/^https?:\/\//.test(url)) return url;
  const path = new URL(url).pathname;
  return path.endsWith("/graphql") ? "/graphql" : path;
}
