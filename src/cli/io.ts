import { terminalOutput } from "../c4/terminal-text.ts";
/**
 * Everything a subcommand may touch of the outside world, so tests run the
 * whole CLI in-process with captured output and a chosen directory.
 */
export interface CliIo {
  /** The directory the command runs in (a git repository for `check`). */
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: text output is coloured only then. */
  isTTY: boolean;
}

/** What `main` and every subcommand return: the process exit code. */
export type ExitCode = 0 | 1 | 2;

/** The real process's streams and environment, as the bins hand them to the CLI. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    // The last guard against a control sequence from outside text reaching the terminal.
    stdout: (text) => process.stdout.write(terminalOutput(text)),
    stderr: (text) => process.stderr.write(terminalOutput(text)),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
}
