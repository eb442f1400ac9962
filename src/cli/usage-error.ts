/**
 * A mistake in how the command was called (unknown flag, bad value, no base
 * to compare with, invalid config): the CLI prints the message and exits 2,
 * which keeps "the patch is wrong" (exit 1) apart from "the call is wrong".
 */
export class UsageError extends Error {
  override name = "UsageError";
  /** Whether to print the subcommand's usage after the message. */
  readonly showUsage: boolean;

  constructor(message: string, options: { showUsage?: boolean } = {}) {
    super(message);
    this.showUsage = options.showUsage ?? false;
  }
}
