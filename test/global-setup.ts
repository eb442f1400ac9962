import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

/**
 * The issue's "no socket or process left behind by any test", checked for
 * processes: every process the tests start (worker processes, servers,
 * git, the built CLI) inherits a mark in its environment, and when the run
 * ends none of them may still be there. Those found are killed, and the
 * run fails naming them. (Sockets live in processes: a test file's sockets
 * end with its worker; tests close theirs in afterEach.) Linux only (/proc).
 */
const MARK = "C4BOT_TEST_RUN";

export function setup(): void {
  process.env[MARK] = randomUUID();
}

export async function teardown(): Promise<void> {
  const run = process.env[MARK];
  if (!run || process.platform !== "linux") return;
  let left: MarkedProcess[] = [];
  // Vitest's own workers carry the mark too, and may take a moment to go.
  for (let attempt = 0; attempt < 50; attempt++) {
    left = markedProcesses(run).filter((p) => p.pid !== process.pid && !isVitestWorker(p));
    if (left.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Gone in the meantime.
    }
  }
  // Vitest reports an error thrown here but still exits 0: set the code too.
  process.exitCode = 1;
  throw new Error(
    `processes left behind by the tests (killed now):\n${left.map((p) => `  ${p.pid} ${p.command}`).join("\n")}`,
  );
}

interface MarkedProcess {
  pid: number;
  command: string;
}

function markedProcesses(run: string): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      if (!environ.includes(`${MARK}=${run}`)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0").join(" ").trim();
      // A zombie has no command line: it has exited, only not been reaped.
      if (command !== "") found.push({ pid, command });
    } catch {
      // Exited while we looked, or not ours to read.
    }
  }
  return found;
}

function isVitestWorker(p: MarkedProcess): boolean {
  return /[/\\]vitest[/\\]/.test(p.command);
}
