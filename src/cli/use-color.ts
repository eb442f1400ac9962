import type { CliIo } from "./io.ts";

/**
 * Whether text output is coloured: an explicit flag wins, then NO_COLOR
 * (https://no-color.org: set and not empty means no colour), then whether
 * stdout is a terminal.
 */
export function useColor(flags: { color?: boolean; "no-color"?: boolean }, io: CliIo): boolean {
  if (flags["no-color"]) return false;
  if (flags.color) return true;
  if (io.env.NO_COLOR) return false;
  return io.isTTY;
}
