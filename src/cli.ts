#!/usr/bin/env node
import { terminalOutput } from "./c4/terminal-text.ts";
import { main } from "./cli/main.ts";
import { tuneGarbageCollector } from "./core/gc-tuning.ts";

tuneGarbageCollector();

/** The `c4bot` bin: everything lives in `main`, which tests call in-process. */
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  // The last guard against a control sequence from outside text reaching the terminal.
  stdout: (text) => process.stdout.write(terminalOutput(text)),
  stderr: (text) => process.stderr.write(terminalOutput(text)),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
