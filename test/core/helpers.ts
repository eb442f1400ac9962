import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The transports the core runs over, as zeromq.js's own tests loop them. */
export const transports = ["inproc", "ipc", "tcp"] as const;
export type Transport = (typeof transports)[number];

let next = 0;
/** A fresh address on `transport` (tcp port 0: the broker picks one; read `endpoints`). */
export function uniqAddress(transport: Transport): string {
  next++;
  const name = `c4bot-test-${process.pid}-${next}`;
  switch (transport) {
    case "inproc":
      return `inproc://${name}`;
    case "ipc":
      return `ipc://${join(tmpdir(), `${name}.sock`)}`;
    case "tcp":
      return "tcp://127.0.0.1:0";
  }
}

/** A free-ish fixed tcp port, for a broker that must come back on the same address. */
export function fixedTcpAddress(): string {
  next++;
  return `tcp://127.0.0.1:${20_000 + ((process.pid * 7 + next * 13) % 20_000)}`;
}

export const quietLog = { warn: () => {} };

export async function waitFor(
  condition: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** The JSON lines it printed: {event: "start" | "done", key, payload, pid}. */
  events: { event: string; key: string; payload: unknown; pid: number }[];
  /** What it wrote on stderr so far. */
  readonly stderr: string;
  exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

/** `c4bot worker` as a real process with a test handler (needs `npm run build`). */
export function spawnWorker(
  endpoint: string,
  handler: string,
  extra: string[] = [],
): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      cli,
      "worker",
      "--connect",
      endpoint,
      "--test-handler",
      handler,
      "--heartbeat-ms",
      "50",
      ...extra,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.add(child);
  const events: WorkerProcess["events"] = [];
  let buffered = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") events.push(JSON.parse(line));
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code);
    });
  });
  return {
    child,
    events,
    get stderr() {
      return stderr;
    },
    exited,
  };
}

/** `c4bot keygen --out FILE` (needs `npm run build`): writes a key pair, returns its public key. */
export function keygen(file: string): string {
  return execFileSync(process.execPath, [cli, "keygen", "--out", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
}

/** Kills every worker process still running (afterAll): no test leaves one behind. */
export async function killAll(): Promise<void> {
  const waits = [...children].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  );
  await Promise.all(waits);
}
