import { readdirSync, readlinkSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { Dealer } from "zeromq";

/**
 * The "no socket left behind by any test", checked for the core's
 * test files (test/core, test/bench): when a file's tests are done, its
 * process must hold no more sockets and eventfds than before they began.
 * Every zeromq socket holds an eventfd (its mailbox), and its connections
 * and listeners are sockets, so a socket a test forgot to close shows here.
 * Vitest runs each file in a process of its own (the forks pool), so the
 * count is the file's. Linux only (/proc).
 */
const CHECKED = ["/test/core/", "/test/bench/"];
const SETTLE_MS = 5000;

let baseline: string[] | undefined;

beforeAll(async () => {
  if (!checked()) return;
  // zeromq's context (its I/O thread and their fds) starts with the first
  // socket and lives as long as the process: start it before counting.
  new Dealer().close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  baseline = openSockets();
});

afterAll(async () => {
  if (!baseline) return;
  // Closing is asynchronous in libzmq (its reaper thread): give it a moment.
  const before = new Set(baseline);
  const opened = () => openSockets().filter((fd) => !before.has(fd));
  const deadline = Date.now() + SETTLE_MS;
  let left = opened();
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = opened();
  }
  expect(left, `sockets left open by ${expect.getState().testPath}`).toEqual([]);
});

function checked(): boolean {
  const path = expect.getState().testPath ?? "";
  return process.platform === "linux" && CHECKED.some((dir) => path.includes(dir));
}

/** This process's sockets and eventfds, as "fd -> target". */
function openSockets(): string[] {
  const open: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith("socket:") || target === "anon_inode:[eventfd]") {
        open.push(`${fd} -> ${target}`);
      }
    } catch {
      // Closed while listed (the listing's own fd, among others).
    }
  }
  return open;
}
