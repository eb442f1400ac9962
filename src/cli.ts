#!/usr/bin/env node
import { main } from "./cli/main.ts";
import { tuneGarbageCollector } from "./core/gc-tuning.ts";

tuneGarbageCollector();

/** The `c4bot` bin: everything lives in `main`, which tests call in-process. */
process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
