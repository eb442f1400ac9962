import type { Command } from "./command.ts";
import { describeError } from "./describe-error.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { UsageError } from "./usage-error.ts";

/**
 * Runs one subcommand: a UsageError is its message (and the usage, if it
 * asks) and exit 2; anything else a one-line reason (its stack only with
 * `--debug`), exit 2.
 */
export async function runCommand(
  name: string,
  command: Command,
  argv: string[],
  io: CliIo,
  debug = false,
): Promise<ExitCode> {
  try {
    return await command.run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      if (error.showUsage) {
        const usage = command.loadUsage
          ? await command.loadUsage().catch(() => command.usage)
          : command.usage;
        io.stderr(`\n${usage}`);
      }
      return 2;
    }
    // Anything else is a bug or a broken environment: never 0 or 1, which
    // would read as a verdict on the patch.
    io.stderr(describeError(name, error, debug));
    return 2;
  }
}
