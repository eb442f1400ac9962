import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { checkCommand } from "../cli/check.ts";
import type { CliIo } from "../cli/io.ts";
import { commitLogArgs } from "../cli/read-commits.ts";
import { metric } from "./bench-report.ts";
import { makeHistoryRepo } from "./make-history-repo.ts";
import type { Scenario } from "./scenario.ts";

/** The size the issue asks `c4bot check` to handle in well under a second. */
export const checkCommits = 10_000;

/**
 * `c4bot check` on a 10,000-commit history: how fast we read and evaluate
 * commits beyond git's own time to print them. Samples alternate git alone
 * (a) and the whole in-process check (b), so drift on a shared machine hits
 * both alike; commits/s is commits / (b - a).
 */
export const checkScenario: Scenario = makeCheckScenario(checkCommits);

/** The scenario on a history of `count` commits (tests use a small one). */
export function makeCheckScenario(count: number): Scenario {
  return {
    name: "check",
    description: `c4bot check on a ${count}-commit range`,
    async run({ progress, samples }) {
      let started = performance.now();
      const dir = await makeHistoryRepo(count);
      progress(`check: generated ${count} commits in ${seconds(started)} s`);
      try {
        // One untimed round warms git's caches and the JIT.
        await gitLogSeconds(dir);
        await checkSeconds(dir);
        const git: number[] = [];
        const total: number[] = [];
        const rate: number[] = [];
        for (let i = 0; i < samples; i++) {
          const a = await gitLogSeconds(dir);
          const b = await checkSeconds(dir);
          git.push(a);
          total.push(b);
          // A difference at or below timer noise would be an infinite rate.
          rate.push(Math.round(count / Math.max(b - a, 1e-4)));
          progress(
            `check: sample ${i + 1}/${samples}: git ${a.toFixed(3)} s, check ${b.toFixed(3)} s`,
          );
        }
        return [
          metric("check.commits_per_second", "commits/s", "higher", rate),
          metric("check.git_seconds", "s", "lower", git),
          metric("check.total_seconds", "s", "lower", total),
        ];
      } finally {
        started = performance.now();
        await rm(dir, { recursive: true, force: true });
        progress(`check: removed the repository in ${seconds(started)} s`);
      }
    },
  };
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

/** (a): git alone printing the range in the format `check` reads. */
function gitLogSeconds(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn("git", commitLogArgs(["HEAD"]), {
      cwd: dir,
      stdio: ["ignore", "pipe", "ignore"],
    });
    child.stdout.on("data", () => {});
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve((performance.now() - start) / 1000);
      else reject(new Error(`git log exited ${code}`));
    });
  });
}

/** (b): the whole `c4bot check HEAD` path in-process: config, git, parsing, rules, output. */
async function checkSeconds(dir: string): Promise<number> {
  let output = 0;
  const io: CliIo = {
    cwd: dir,
    stdout: (text) => {
      output += text.length;
    },
    stderr: () => {},
    env: {},
    isTTY: false,
  };
  const start = performance.now();
  const code = await checkCommand.run(["HEAD", "--format", "json"], io);
  const elapsed = (performance.now() - start) / 1000;
  // The history holds bad messages on purpose: anything but "not correct" is a broken run.
  if (code !== 1 || output === 0) throw new Error(`c4bot check exited ${code} on the bench repo`);
  return elapsed;
}
