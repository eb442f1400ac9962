import { Probot, ProbotOctokit } from "probot";

type Logger = Probot["log"];

export interface ProbotSettings {
  appId: number | string;
  privateKey: string;
  webhookSecret: string;
  /** `https://api.github.com`, or `http(s)://HOST/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  log?: Logger;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /**
   * GitHub asks integrations to space content-creating requests about a second
   * apart; Octokit's throttling plugin does so. Off only against the simulator.
   */
  throttleWrites?: boolean;
}

/**
 * Probot configured for c4bot. Rate limits are not waited out inside a
 * request (Probot's default): the error reaches the job, which hands the
 * delay to the queue, so no worker sits idle waiting.
 */
export function createProbot(settings: ProbotSettings): Probot {
  // A function, not an object: Probot wraps this class with throttle options of
  // its own, which an object default would let override ours.
  const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options.throttle as object),
      enabled: settings.throttleWrites !== false,
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  }));
  return new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    Octokit,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(settings.log ? { log: settings.log } : {}),
    logLevel: settings.logLevel ?? "info",
  });
}
