#!/usr/bin/env node
import { actionCommand } from "./cli/action.ts";
import { processIo } from "./cli/io.ts";
import { runCommand } from "./cli/run-command.ts";

/**
 * The GitHub Action's entry (action.yml): `c4bot action` alone. It loads
 * none of the server's native modules (zeromq, better-sqlite3), so the
 * action installs its dependencies with `npm ci --ignore-scripts`.
 */
process.exitCode = await runCommand("action", actionCommand, process.argv.slice(2), processIo());
