import type { ChildProcess } from "node:child_process";

/**
 * Stops a child process the benchmarks started (a worker, an echo peer, a
 * redis-server): SIGTERM, then SIGKILL if it is still there after `graceMs`.
 * Resolves once it has exited; at once if it already has (or never started).
 */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      return resolve();
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
