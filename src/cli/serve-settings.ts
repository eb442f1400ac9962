import { readFileSync } from "node:fs";
import { isCurveKey } from "../core/zap.ts";
import type { BotOptions } from "../server/start-bot.ts";
import { UsageError } from "./usage-error.ts";

type Env = Record<string, string | undefined>;

/**
 * The production settings of `c4bot serve`, from Probot's usual environment
 * variables (https://probot.github.io/docs/configuration/) and c4bot's own.
 * Every missing or malformed one is named in one error.
 */
export function serveSettings(env: Env): BotOptions {
  const problems: string[] = [];
  const appId = env.APP_ID ?? "";
  if (!/^[0-9]+$/.test(appId)) problems.push("APP_ID: the GitHub App's numeric id is required");
  const privateKey = readPrivateKey(env, problems);
  const webhookSecret = env.WEBHOOK_SECRET ?? "";
  if (webhookSecret === "") {
    problems.push("WEBHOOK_SECRET: the secret set when registering the app is required");
  }
  const port = Number(env.PORT ?? "3000");
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    problems.push(`PORT: not a port: ${env.PORT}`);
  const concurrency = Number(env.C4BOT_CONCURRENCY ?? "4");
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    problems.push(`C4BOT_CONCURRENCY: not a positive whole number: ${env.C4BOT_CONCURRENCY}`);
  }
  const logLevel = env.LOG_LEVEL ?? "info";
  if (!["trace", "debug", "info", "warn", "error", "fatal"].includes(logLevel)) {
    problems.push(`LOG_LEVEL: one of trace, debug, info, warn, error, fatal; got ${logLevel}`);
  }
  // JSON lines by default, so that `grep '"jobKey":"o/r#12"'` follows a pull
  // request (Probot's own default is its pretty, multi-line format).
  const logFormat = env.LOG_FORMAT || "json";
  if (logFormat !== "json" && logFormat !== "pretty") {
    problems.push(`LOG_FORMAT: json or pretty; got ${logFormat}`);
  }
  const retentionDays = wholeNumber(env, "C4BOT_RETENTION_DAYS", 90, problems);
  const retentionRows = wholeNumber(env, "C4BOT_RETENTION_ROWS", 100_000, problems);
  const workers = wholeNumber(env, "C4BOT_WORKERS", 1, problems);
  if (workers === 0 && !env.C4BOT_BIND) {
    // No worker at all: every job would wait for ever.
    problems.push("C4BOT_WORKERS: 0 leaves every job to remote workers, which need C4BOT_BIND");
  }
  const reconcileMinutes = wholeNumber(env, "C4BOT_RECONCILE_MINUTES", 15, problems);
  // GitHub's secondary limits per installation; GHES administrators may set others.
  const writesPerMinute = wholeNumber(env, "C4BOT_GITHUB_WRITES_PER_MINUTE", 80, problems);
  const writesPerHour = wholeNumber(env, "C4BOT_GITHUB_WRITES_PER_HOUR", 500, problems);
  if (writesPerMinute === 0 || writesPerHour === 0) {
    problems.push("C4BOT_GITHUB_WRITES_PER_MINUTE and _PER_HOUR: 0 would never write");
  }
  if (problems.length > 0) {
    throw new UsageError(
      `c4bot serve: cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee docs/install.md.`,
    );
  }
  const protocol = env.GHE_PROTOCOL ?? "https";
  return {
    appId,
    privateKey: privateKey as string,
    webhookSecret,
    ...(env.GHE_HOST ? { baseUrl: `${protocol}://${env.GHE_HOST}/api/v3` } : {}),
    port,
    host: env.HOST ?? "0.0.0.0",
    dryRun: isTrue(env.C4BOT_DRY_RUN),
    concurrency,
    workers,
    reconcileIntervalMs: reconcileMinutes * 60_000,
    githubLimits: { writesPerMinute, writesPerHour },
    logLevel: logLevel as BotOptions["logLevel"],
    logFormat: logFormat as BotOptions["logFormat"],
    // docs/deployment.md: the history, the dashboard's token, the benchmark chart.
    dataDir: env.C4BOT_DATA_DIR || "./.data",
    retention: { days: retentionDays, rows: retentionRows },
    ...(env.C4BOT_DASHBOARD_TOKEN ? { dashboardToken: env.C4BOT_DASHBOARD_TOKEN } : {}),
    ...(env.C4BOT_METRICS_TOKEN ? { metricsToken: env.C4BOT_METRICS_TOKEN } : {}),
    ...(env.C4BOT_BENCH_DIR ? { benchDir: env.C4BOT_BENCH_DIR } : {}),
    githubUrl: env.GHE_HOST ? `${protocol}://${env.GHE_HOST}` : "https://github.com",
  };
}

/** A whole number >= 0 from the environment (0 turns a bound off). */
function wholeNumber(env: Env, name: string, fallback: number, problems: string[]): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    problems.push(`${name}: not a whole number (0 or more): ${text}`);
    return fallback;
  }
  return value;
}

function readPrivateKey(env: Env, problems: string[]): string | undefined {
  if (env.PRIVATE_KEY) {
    // One-line environments (.env files, CI secrets) often carry "\n" escapes.
    const key = env.PRIVATE_KEY.replace(/\\n/g, "\n");
    if (!key.includes("PRIVATE KEY-----")) problems.push("PRIVATE_KEY: not a PEM private key");
    return key;
  }
  if (env.PRIVATE_KEY_PATH) {
    try {
      return readFileSync(env.PRIVATE_KEY_PATH, "utf8");
    } catch (error) {
      problems.push(
        `PRIVATE_KEY_PATH: cannot read ${env.PRIVATE_KEY_PATH}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
  problems.push("PRIVATE_KEY or PRIVATE_KEY_PATH: the app's private key is required");
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

/** Where `c4bot serve` takes remote workers, and how it authenticates them. */
export interface RemoteWorkerSettings {
  /** C4BOT_BIND, e.g. tcp://0.0.0.0:5555. */
  bind: string;
  /** The broker's key pair (C4BOT_CURVE_KEYS, a `c4bot keygen --out` file) and the allowed workers. */
  curve?: CurveKeys & { allowedKeys: string[] };
}

/** A CurveZMQ key pair, Z85 text, as `c4bot keygen` writes it. */
export interface CurveKeys {
  publicKey: string;
  secretKey: string;
}

/**
 * The remote-worker settings of `c4bot serve` (docs/core.md): none unless
 * C4BOT_BIND is set. CurveZMQ is required on tcp:// (workers run on other
 * machines): C4BOT_CURVE_KEYS names the broker's key file and
 * C4BOT_WORKER_KEYS lists the workers' public keys, comma-separated.
 */
export function remoteWorkerSettings(env: Env): RemoteWorkerSettings | undefined {
  const bind = env.C4BOT_BIND;
  if (!bind) return undefined;
  const problems: string[] = [];
  if (!/^(tcp|ipc):\/\/.+/.test(bind))
    problems.push(`C4BOT_BIND: not a tcp:// or ipc:// endpoint: ${bind}`);
  let curve: RemoteWorkerSettings["curve"];
  if (env.C4BOT_CURVE_KEYS) {
    const keys = readCurveKeys(env.C4BOT_CURVE_KEYS, problems, "C4BOT_CURVE_KEYS");
    const allowedKeys = (env.C4BOT_WORKER_KEYS ?? "")
      .split(",")
      .map((key) => key.trim())
      .filter((key) => key !== "");
    if (allowedKeys.length === 0) problems.push("C4BOT_WORKER_KEYS: list the workers' public keys");
    for (const key of allowedKeys) {
      if (!isCurveKey(key)) problems.push(`C4BOT_WORKER_KEYS: not a Z85 public key: ${key}`);
    }
    if (keys) curve = { ...keys, allowedKeys };
  } else if (bind.startsWith("tcp://") && !isTrue(env.C4BOT_INSECURE)) {
    problems.push(
      "C4BOT_CURVE_KEYS: workers on tcp:// must be authenticated (or set C4BOT_INSECURE=true on a trusted network)",
    );
  }
  if (problems.length > 0) {
    throw new UsageError(
      `c4bot serve: cannot start:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee docs/core.md.`,
    );
  }
  return { bind, ...(curve ? { curve } : {}) };
}

/** A `c4bot keygen --out` file; problems are collected, not thrown. */
export function readCurveKeys(
  path: string,
  problems: string[],
  name: string,
): CurveKeys | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<CurveKeys>;
    if (typeof parsed.publicKey !== "string" || typeof parsed.secretKey !== "string") {
      problems.push(`${name}: ${path} has no publicKey and secretKey`);
      return undefined;
    }
    if (!isCurveKey(parsed.publicKey) || !isCurveKey(parsed.secretKey)) {
      problems.push(`${name}: ${path}: publicKey and secretKey are not 40-character Z85 keys`);
      return undefined;
    }
    return { publicKey: parsed.publicKey, secretKey: parsed.secretKey };
  } catch (error) {
    problems.push(`${name}: cannot read ${path}: ${(error as Error).message}`);
    return undefined;
  }
}
