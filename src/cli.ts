#!/usr/bin/env node
import { processIo } from "./cli/io.ts";
import { main } from "./cli/main.ts";
import { tuneGarbageCollector } from "./core/gc-tuning.ts";

tuneGarbageCollector();

/** The `c4bot` bin: everything lives in `main`, which tests call in-process. */
process.exitCode = await main(process.argv.slice(2), processIo());
