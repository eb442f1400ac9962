/**
 * One `c4bot contract` in a fresh process, forked by contract-scenario.ts:
 * the command runs once, on code V8 has never run, as it does for a person
 * at a terminal; a warm loop in one process would flatter it.
 *
 *   node contract-probe.js DIR HEAD
 *
 * It reports over IPC (or prints, run by hand), in milliseconds: `startMs`,
 * Node's start and the loading of the CLI and the command's modules;
 * `commandMs`, the command itself (git included); `gitMs`, git alone doing
 * the same reads, timed after it.
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

const [dir, head] = process.argv.slice(2);
if (dir === undefined || head === undefined) {
  throw new Error("usage: contract-probe DIR HEAD");
}
// The CLI, then the command's own module, as `c4bot contract` loads them.
const { main } = await import("../cli/main.ts");
await import("../cli/contract.ts");
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
const begin = performance.now();
const code = await main(["contract", "--base", "base", "--head", head, "--format", "json"], io);
const commandMs = performance.now() - begin;
const gitBegin = performance.now();
await gitReads(dir, head);
const gitMs = performance.now() - gitBegin;
const result: ContractProbeResult = { startMs, commandMs, gitMs, code, output };
if (process.send) process.send(result);
else console.log(JSON.stringify({ ...result, output: undefined }));
