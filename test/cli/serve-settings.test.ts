import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { packageRoot } from "../../src/cli/package-info.ts";
import { serveCommand } from "../../src/cli/serve.ts";
import { remoteWorkerSettings, serveSettings } from "../../src/cli/serve-settings.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { withDotEnv } from "../../src/cli/with-dot-env.ts";

const key = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n";

describe("serveSettings", () => {
  it("names every missing variable in one error", () => {
    let error: unknown;
    try {
      serveSettings({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    const message = (error as Error).message;
    expect(message).toContain("APP_ID");
    expect(message).toContain("PRIVATE_KEY or PRIVATE_KEY_PATH");
    expect(message).toContain("WEBHOOK_SECRET");
  });

  it("reads Probot's variables, GitHub Enterprise Server and c4bot's own", () => {
    const settings = serveSettings({
      APP_ID: "12",
      PRIVATE_KEY: key.replace(/\n/g, "\\n"),
      WEBHOOK_SECRET: "s",
      GHE_HOST: "github.example.com",
      PORT: "8080",
      C4BOT_DRY_RUN: "true",
      C4BOT_CONCURRENCY: "8",
      C4BOT_METRICS_TOKEN: "m",
    });
    expect(settings).toMatchObject({
      appId: "12",
      privateKey: key,
      webhookSecret: "s",
      baseUrl: "https://github.example.com/api/v3",
      port: 8080,
      dryRun: true,
      concurrency: 8,
      metricsToken: "m",
    });
    expect(serveSettings({ APP_ID: "1", PRIVATE_KEY: key, WEBHOOK_SECRET: "s" }).baseUrl).toBe(
      undefined,
    );
  });

  it("runs C4BOT_WORKERS in-process workers, with or without remote ones", () => {
    const env = { APP_ID: "1", PRIVATE_KEY: key, WEBHOOK_SECRET: "s" };
    expect(serveSettings(env).workers).toBe(1);
    expect(serveSettings({ ...env, C4BOT_WORKERS: "3" }).workers).toBe(3);
    expect(
      serveSettings({ ...env, C4BOT_WORKERS: "0", C4BOT_BIND: "ipc:///tmp/c4bot.sock" }).workers,
    ).toBe(0);
    // No worker anywhere: every job would wait for ever.
    expect(() => serveSettings({ ...env, C4BOT_WORKERS: "0" })).toThrow(
      /C4BOT_WORKERS: 0 leaves every job to remote workers, which need C4BOT_BIND/,
    );
    expect(() => serveSettings({ ...env, C4BOT_WORKERS: "two" })).toThrow(
      /C4BOT_WORKERS: not a whole number/,
    );
  });

  it("reconciles every C4BOT_RECONCILE_MINUTES (15), or never with 0", () => {
    const env = { APP_ID: "1", PRIVATE_KEY: key, WEBHOOK_SECRET: "s" };
    expect(serveSettings(env).reconcileIntervalMs).toBe(15 * 60_000);
    expect(serveSettings({ ...env, C4BOT_RECONCILE_MINUTES: "5" }).reconcileIntervalMs).toBe(
      5 * 60_000,
    );
    expect(serveSettings({ ...env, C4BOT_RECONCILE_MINUTES: "0" }).reconcileIntervalMs).toBe(0);
    expect(() => serveSettings({ ...env, C4BOT_RECONCILE_MINUTES: "1.5" })).toThrow(
      /C4BOT_RECONCILE_MINUTES: not a whole number/,
    );
  });

  it("logs JSON lines unless LOG_FORMAT asks for pretty ones", () => {
    const env = { APP_ID: "1", PRIVATE_KEY: key, WEBHOOK_SECRET: "s" };
    expect(serveSettings(env).logFormat).toBe("json");
    expect(serveSettings({ ...env, LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(() => serveSettings({ ...env, LOG_FORMAT: "xml" })).toThrow(
      /LOG_FORMAT: json or pretty/,
    );
  });

  it("refuses malformed values", () => {
    expect(() =>
      serveSettings({ APP_ID: "abc", PRIVATE_KEY: "nope", WEBHOOK_SECRET: "s", PORT: "99999" }),
    ).toThrow(/APP_ID[\s\S]*PRIVATE_KEY: not a PEM[\s\S]*PORT/);
  });

  it("reads the key from PRIVATE_KEY_PATH, and says when it cannot", () => {
    const dir = mkdtempSync(join(tmpdir(), "c4bot-key-"));
    try {
      writeFileSync(join(dir, "app.pem"), key);
      const env = { APP_ID: "1", WEBHOOK_SECRET: "s" };
      expect(serveSettings({ ...env, PRIVATE_KEY_PATH: join(dir, "app.pem") }).privateKey).toBe(
        key,
      );
      expect(() => serveSettings({ ...env, PRIVATE_KEY_PATH: join(dir, "missing.pem") })).toThrow(
        /cannot read/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("withDotEnv", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("puts ./.env under the environment, which wins", () => {
    dir = mkdtempSync(join(tmpdir(), "c4bot-env-"));
    writeFileSync(join(dir, ".env"), 'APP_ID=7\nWEBHOOK_SECRET="from file"\n');
    expect(withDotEnv(dir, { APP_ID: "9" })).toMatchObject({
      APP_ID: "9",
      WEBHOOK_SECRET: "from file",
    });
  });

  it("leaves the environment alone without a .env", () => {
    dir = mkdtempSync(join(tmpdir(), "c4bot-env-"));
    const env = { A: "1" };
    expect(withDotEnv(dir, env)).toBe(env);
  });
});

describe("remoteWorkerSettings (C4BOT_BIND and its keys)", () => {
  it("is off without C4BOT_BIND, and reads the bind and the keys", () => {
    expect(remoteWorkerSettings({ C4BOT_WORKERS: "0" })).toBeUndefined();
    expect(remoteWorkerSettings({ C4BOT_BIND: "ipc:///tmp/c4bot.sock" })).toEqual({
      bind: "ipc:///tmp/c4bot.sock",
    });
    expect(
      remoteWorkerSettings({ C4BOT_BIND: "tcp://0.0.0.0:5555", C4BOT_INSECURE: "true" }),
    ).toEqual({ bind: "tcp://0.0.0.0:5555" });
    const dir = mkdtempSync(join(tmpdir(), "c4bot-curve-"));
    try {
      const keys = { publicKey: "P".repeat(40), secretKey: "S".repeat(40) };
      writeFileSync(join(dir, "broker.keys"), JSON.stringify(keys));
      expect(
        remoteWorkerSettings({
          C4BOT_BIND: "tcp://0.0.0.0:5555",
          C4BOT_CURVE_KEYS: join(dir, "broker.keys"),
          C4BOT_WORKER_KEYS: ` ${"a".repeat(40)}, ${"b".repeat(40)} `,
        }),
      ).toEqual({
        bind: "tcp://0.0.0.0:5555",
        curve: { ...keys, allowedKeys: ["a".repeat(40), "b".repeat(40)] },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names every problem at once: the bind, tcp without keys, bad keys", () => {
    expect(() => remoteWorkerSettings({ C4BOT_BIND: "tcp://0.0.0.0:5555" })).toThrow(
      /C4BOT_CURVE_KEYS: workers on tcp/,
    );
    expect(() => remoteWorkerSettings({ C4BOT_BIND: "udp://x" })).toThrow(
      /C4BOT_BIND: not a tcp:\/\/ or ipc:\/\/ endpoint/,
    );
    expect(() =>
      remoteWorkerSettings({
        C4BOT_BIND: "tcp://0.0.0.0:5555",
        C4BOT_CURVE_KEYS: "/nonexistent/broker.keys",
        C4BOT_WORKER_KEYS: "short",
      }),
    ).toThrow(/C4BOT_CURVE_KEYS[\s\S]*C4BOT_WORKER_KEYS: not a Z85 public key: short/);
  });
});

describe("serve's environment variables, documented", () => {
  // Every variable serve-settings.ts reads, found in its source, so that a
  // new one cannot be added without its line in `c4bot serve --help` and
  // in docs/deployment.md's table.
  const source = readFileSync(join(packageRoot, "src/cli/serve-settings.ts"), "utf8");
  const deployment = readFileSync(join(packageRoot, "docs/deployment.md"), "utf8");
  const names = [
    ...new Set(
      [...source.matchAll(/env\.([A-Z][A-Z0-9_]+)|env, "([A-Z][A-Z0-9_]+)"/g)].map(
        (match) => (match[1] ?? match[2]) as string,
      ),
    ),
  ];

  it("finds the variables it reads", () => {
    expect(names).toEqual(
      expect.arrayContaining(["APP_ID", "C4BOT_WORKERS", "C4BOT_RECONCILE_MINUTES", "C4BOT_BIND"]),
    );
  });

  it.each(names)("%s is in serve's usage and in docs/deployment.md", (name) => {
    expect(serveCommand.usage).toContain(name);
    expect(deployment).toMatch(new RegExp(`^\\|[^\\n]*\`${name}\``, "m"));
  });
});
