import { setTimeout as sleep } from "node:timers/promises";
import { botJobRunner } from "../app/bot-job-runner.ts";
import { reportingObserver, reportingRequests } from "../app/remote-reports.ts";
import type { JobHandler } from "../core/job.ts";
import { Worker } from "../core/worker.ts";
import { isCurveKey } from "../core/zap.ts";
import { createProbot } from "../github/create-probot.ts";
import { RequestScheduler } from "../github/request-scheduler.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { readCurveKeys, serveSettings } from "./serve-settings.ts";
import { UsageError } from "./usage-error.ts";
import { waitForSignal } from "./wait-for-signal.ts";
import { withDotEnv } from "./with-dot-env.ts";

const usage = `Usage:
  c4bot worker --connect ENDPOINT [--concurrency N] [--curve-keys FILE --broker-key KEY]

Runs jobs for a \`c4bot serve\` broker on another machine (its C4BOT_BIND):
checks and merges pull requests with the same GitHub App settings as serve.
On SIGINT or SIGTERM it finishes its running jobs, hands back the rest and
leaves.

Options:
  --connect ENDPOINT   the broker, e.g. tcp://10.0.0.5:5555 (required)
  --concurrency N      jobs run at once (8)
  --curve-keys FILE    this worker's CurveZMQ key pair (\`c4bot keygen --out FILE\`)
  --broker-key KEY     the broker's public key (Z85), with --curve-keys
                       (write --broker-key=KEY if KEY begins with "-")
  --heartbeat-ms N     heartbeat period; the broker's must match (1000)
  -h, --help           show this help

Environment: as for \`c4bot serve\` (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, ...).
`;

export const workerCommand: Command = {
  name: "worker",
  summary: "run jobs for a remote c4bot broker (scale-out)",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("worker", {
      args: argv,
      options: {
        connect: { type: "string" },
        concurrency: { type: "string", default: "8" },
        "curve-keys": { type: "string" },
        "broker-key": { type: "string" },
        "heartbeat-ms": { type: "string", default: "1000" },
        // Not in the usage: a trivial handler, so tests and benchmarks can
        // run real worker processes without GitHub (test/core, src/bench).
        "test-handler": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    if (!values.connect)
      throw new UsageError("c4bot worker: --connect is required", { showUsage: true });
    const concurrency = positiveInteger("worker", "--concurrency", values.concurrency);
    const heartbeatMs = positiveInteger("worker", "--heartbeat-ms", values["heartbeat-ms"]);
    let curve: { publicKey: string; secretKey: string; serverKey: string } | undefined;
    if (values["curve-keys"] !== undefined || values["broker-key"] !== undefined) {
      const problems: string[] = [];
      const keys = values["curve-keys"]
        ? readCurveKeys(values["curve-keys"], problems, "--curve-keys")
        : undefined;
      if (!values["curve-keys"]) problems.push("--curve-keys: needed with --broker-key");
      if (!isCurveKey(values["broker-key"] ?? "")) {
        problems.push("--broker-key: the broker's 40-character Z85 public key is needed");
      }
      if (problems.length > 0 || !keys) {
        throw new UsageError(`c4bot worker: ${problems.join("; ")}`, { showUsage: true });
      }
      curve = { ...keys, serverKey: values["broker-key"] as string };
    }
    // Verdicts and merges go to the broker's process, for serve's history and metrics.
    let worker: Worker | undefined;
    const report = (topic: string, data: unknown) => worker?.report(topic, data);
    const handler = values["test-handler"]
      ? testHandler(values["test-handler"], io, report)
      : appHandler(withDotEnv(io.cwd, io.env), report);
    worker = new Worker({
      endpoint: values.connect,
      handler,
      concurrency,
      heartbeatMs,
      ...(curve ? { curve } : {}),
      log: {
        warn: (object, message) =>
          io.stderr(`c4bot worker: ${message} ${JSON.stringify(object)}\n`),
      },
    });
    worker.start();
    io.stderr(`c4bot worker: taking jobs from ${values.connect} (pid ${process.pid})\n`);
    const signal = await waitForSignal();
    io.stderr(`c4bot worker: ${signal}: finishing running jobs, then leaving\n`);
    await worker.close();
    return 0;
  },
};

/** GitHub work, as in `c4bot serve`: every kind of the job registry, community included. */
function appHandler(
  env: Record<string, string | undefined>,
  report: (topic: string, data: unknown) => void,
): JobHandler {
  const settings = serveSettings(env);
  // This process spends GitHub's budget with its own lanes: with several
  // workers, give each its share of the caps (docs/deployment.md).
  const scheduler = new RequestScheduler({
    ...(settings.githubLimits ? { limits: settings.githubLimits } : {}),
    log: { warn: (object, message) => probot.log.warn(object, message) },
  });
  const probot = createProbot({
    ...settings,
    scheduler,
    onRequest: reportingRequests(report),
  });
  return botJobRunner(settings, {
    probot,
    log: {
      info: (object, message) => probot.log.info(object, message),
      warn: (object, message) => probot.log.warn(object, message),
      error: (object, message) => probot.log.error(object, message),
    },
    observer: reportingObserver(report),
  });
}

/**
 * For tests: `echo` (done at once), `sleep:MS`, `fail` (always throws),
 * `block:MS` (blocks the event loop: no heartbeats), `report` (reports
 * `{ key }` on the topic `test.report`). Each job prints one JSON line on
 * stdout when it starts and one when it ends.
 */
function testHandler(
  spec: string,
  io: CliIo,
  report: (topic: string, data: unknown) => void,
): JobHandler {
  const [name, argument] = spec.split(":");
  const ms = Number(argument ?? "0");
  const say = (event: string, key: string, payload: unknown) =>
    io.stdout(`${JSON.stringify({ event, key, payload, pid: process.pid })}\n`);
  const quiet = name === "bench";
  return async (job) => {
    if (!quiet) say("start", job.key, job.payload);
    switch (name) {
      case "echo":
      case "bench":
        break;
      case "sleep":
        await sleep(ms);
        break;
      case "block": {
        const until = Date.now() + ms;
        while (Date.now() < until) {
          // Busy: a stuck worker that cannot heartbeat.
        }
        break;
      }
      case "report":
        report("test.report", { key: job.key });
        break;
      case "fail":
        throw new Error("test handler fails");
      default:
        throw new UsageError(`c4bot worker: unknown --test-handler ${spec}`);
    }
    if (!quiet) say("done", job.key, job.payload);
  };
}
