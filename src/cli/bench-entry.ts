import type { Command } from "./command.ts";
import { UsageError } from "./usage-error.ts";

/**
 * `c4bot bench`, loaded only when it runs: the benchmarks are a tool
 * (src/bench), not the product, and the runtime image leaves them out, so
 * `serve` and `worker` must start without them.
 */
export const benchEntry: Command = {
  name: "bench",
  summary: "run, compare and report benchmarks; post the PR comment",
  usage:
    "Usage: c4bot bench <run|ab|compare|report|comment|selfcheck|session> [options]\n(c4bot bench --help lists the options and scenarios)\n",
  async loadUsage() {
    return (await loadBench()).usage;
  },
  async run(argv, io) {
    return (await loadBench()).run(argv, io);
  },
};

async function loadBench(): Promise<Command> {
  try {
    return (await import("./bench.ts")).benchCommand;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new UsageError(
        "c4bot bench: the benchmarks are not in this installation (the runtime image leaves them out): run them from a checkout with `npm ci && npm run bench`.",
      );
    }
    throw error;
  }
}
