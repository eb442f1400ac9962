import { ZmqQueue } from "../core/zmq-queue.ts";
import { startBot } from "../server/start-bot.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { remoteWorkerSettings, serveSettings } from "./serve-settings.ts";
import { waitForSignal } from "./wait-for-signal.ts";
import { withDotEnv } from "./with-dot-env.ts";

const usage = `Usage:
  c4bot serve

Runs c4bot in production: the webhook server (POST /api/github/webhooks),
the dashboard (GET /), GET /healthz, /readyz and /metrics, and the workers
that check and merge pull requests. See docs/deployment.md.

Environment (also read from ./.env, as Probot's setup writes it; the real
environment wins):
  APP_ID               the GitHub App's id (required)
  PRIVATE_KEY          its private key, PEM text (or PRIVATE_KEY_PATH, a file)
  WEBHOOK_SECRET       the webhook secret set when registering it (required)
  GHE_HOST             a GitHub Enterprise Server host (GHE_PROTOCOL: https)
  PORT, HOST           where to listen (3000, 0.0.0.0)
  C4BOT_DRY_RUN=true   report everything, merge nothing, in every repository
  C4BOT_CONCURRENCY    jobs each in-process worker runs at once (4)
  C4BOT_WORKERS        in-process workers (1; 0 leaves all jobs to C4BOT_BIND's)
  C4BOT_RECONCILE_MINUTES  every open pull request is checked again this often,
                       and at start (15; 0: never, and no community sweeps)
  C4BOT_GITHUB_WRITES_PER_MINUTE, C4BOT_GITHUB_WRITES_PER_HOUR  GitHub's caps on
                       content-creating requests per installation (80, 500)
  LOG_LEVEL            trace, debug, info (default), warn, error, fatal
  LOG_FORMAT           json (default: one JSON object a line) or pretty
  C4BOT_DATA_DIR       where the history and the job journal live, SQLite (./.data)
  C4BOT_RETENTION_DAYS history kept this many days (90; 0: no limit)
  C4BOT_RETENTION_ROWS at most this many verdicts and merges (100000; 0: no limit)
  C4BOT_DASHBOARD_TOKEN  signs maintainers in to the dashboard: private
                       repositories, dead letters and their retry (none: public only)
  C4BOT_METRICS_TOKEN  /metrics asks for it as a bearer token (none: open)
  C4BOT_BENCH_DIR      \`c4bot bench run\` reports to chart on the dashboard
  C4BOT_BIND           also take remote \`c4bot worker\`s here, e.g. tcp://0.0.0.0:5555
  C4BOT_CURVE_KEYS     the broker's CurveZMQ key file (\`c4bot keygen --out\`)
  C4BOT_WORKER_KEYS    the workers' public keys allowed in, comma-separated
  C4BOT_INSECURE=true  a tcp:// C4BOT_BIND without CurveZMQ (trusted networks only)
`;

export const serveCommand: Command = {
  name: "serve",
  summary: "run the GitHub App (webhooks, checks, merges)",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("serve", {
      args: argv,
      options: { help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    const env = withDotEnv(io.cwd, io.env);
    const settings = serveSettings(env);
    // Remote workers (docs/core.md): the broker also binds C4BOT_BIND.
    const remote = remoteWorkerSettings(env);
    const bot = await startBot({
      ...settings,
      ...(remote
        ? {
            remoteWorkers: [
              { endpoint: remote.bind, ...(remote.curve ? { curve: remote.curve } : {}) },
            ],
          }
        : {}),
    });
    if (remote && bot.queue instanceof ZmqQueue) {
      io.stderr(`c4bot: remote workers at ${bot.queue.endpoints.backend.slice(1).join(", ")}\n`);
    }
    io.stderr(`c4bot: listening on ${bot.url} (webhooks at ${bot.webhookUrl})\n`);
    io.stderr(`c4bot: dashboard at ${bot.url}/, history and journal in ${settings.dataDir}\n`);
    const signal = await waitForSignal();
    io.stderr(`c4bot: ${signal}: finishing running jobs, then stopping\n`);
    await bot.close();
    return 0;
  },
};
