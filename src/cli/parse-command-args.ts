import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./usage-error.ts";

/**
 * `util.parseArgs` (strict by default), with its errors (unknown flag, missing
 * value) turned into UsageErrors so they exit 2 with the command's usage.
 */
export function parseCommandArgs<const T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (error instanceof TypeError && "code" in error) {
      throw new UsageError(`c4bot ${command}: ${error.message}`, { showUsage: true });
    }
    throw error;
  }
}

/** A flag's value as a positive integer, or a UsageError naming the flag. */
export function positiveInteger(command: string, flag: string, value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) {
    throw new UsageError(
      `c4bot ${command}: ${flag} wants a positive whole number, got "${value}"`,
      {
        showUsage: true,
      },
    );
  }
  return Number(value);
}

/** `--format`'s value, `text` or `json`, or a UsageError naming the command. */
export function textOrJson(command: string, value: string | undefined): "text" | "json" {
  if (value === "text" || value === "json") return value;
  throw new UsageError(`c4bot ${command}: --format is text or json, got "${value}"`, {
    showUsage: true,
  });
}
