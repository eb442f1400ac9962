/**
 * One `c4bot contract` in a fresh process, forked by contract-scenario.ts:
 * the command runs once, on code V8 has never run, as it does for a person
 * at a terminal; a warm loop in one process would flatter it.
 *
 *   node contract-probe.js DIR HEAD command|compare
 *
 * It reports over IPC (or prints, run by hand), in milliseconds: `startMs`,
 * Node's start and the loading of the CLI and the command's modules;
 * `commandMs`, the whole command (git included), then `gitMs`, git alone
 * doing the same reads, the fastest of three (so what is left for the
 * command is never flattered by a slow git). With `compare`, `commandMs` is
 * the comparison alone (compareContract and the JSON), on inputs git read
 * before the clock started: the part of the command that is c4bot's own;
 * git is not timed again then (`gitMs` 0).
 */

import { performance } from "node:perf_hooks";
import { tuneGarbageCollector } from "../core/gc-tuning.ts";

// As `c4bot` itself starts (src/cli.ts).
tuneGarbageCollector();

export interface ContractProbeResult {
  startMs: number;
  commandMs: number;
  gitMs: number;
  code: number;
  output: string;
}

const [dir, head, mode = "command"] = process.argv.slice(2);
if (dir === undefined || head === undefined) {
  throw new Error("usage: contract-probe DIR HEAD [command|compare]");
}
// The CLI, then the command's own modules, as `c4bot contract` loads them.
const { main } = await import("../cli/main.ts");
await import("../cli/contract.ts");
const { readContractInputs } = await import("../cli/read-contract-inputs.ts");
const { compareContract } = await import("../c4/contract/index.ts");
const { gitReads } = await import("./contract-git-reads.ts");
const startMs = performance.now();
let output = "";
const io = {
  cwd: dir,
  stdout: (text: string) => {
    output += text;
  },
  stderr: (text: string) => {
    output += text;
  },
  env: {},
  isTTY: false,
};
let code = 1;
let commandMs: number;
if (mode === "compare") {
  const inputs = await readContractInputs(dir, "contract", "base", head, []);
  const begin = performance.now();
  const report = compareContract(inputs, { files: [], ignore: [] });
  output = JSON.stringify(report, null, 2);
  commandMs = performance.now() - begin;
  code = report.breaking ? 1 : 0;
} else {
  const begin = performance.now();
  code = await main(["contract", "--base", "base", "--head", head, "--format", "json"], io);
  commandMs = performance.now() - begin;
}
const gitMs = mode === "command" ? await fastestGitReads(dir, head) : 0;
const result: ContractProbeResult = { startMs, commandMs, gitMs, code, output };
if (process.send) process.send(result);
else console.log(JSON.stringify({ ...result, output: undefined }));

/** git alone doing the command's reads: the fastest of three runs. */
async function fastestGitReads(dir: string, head: string): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const begin = performance.now();
    await gitReads(dir, head);
    fastest = Math.min(fastest, performance.now() - begin);
  }
  return fastest;
}
