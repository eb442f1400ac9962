import type { CliIo, ExitCode } from "./io.ts";

/**
 * One entry in the dispatcher's table. A later subcommand (serve, worker,
 * sandbox, report, ...) is one more module exporting one of these.
 */
export interface Command {
  /** The word after `c4bot`. */
  name: string;
  /** One line for `c4bot --help`. */
  summary: string;
  /** The full usage text, printed by `c4bot help NAME` and on a usage error. */
  usage: string;
  /** For a command loaded only when it runs: its full usage, loaded. */
  loadUsage?(): Promise<string>;
  /** Runs with the arguments after the name; returns the exit code. */
  run(argv: string[], io: CliIo): Promise<ExitCode>;
}
