import type { Command } from "./command.ts";

/**
 * A subcommand whose module loads only when it runs or shows its help:
 * `c4bot contract` or the commit hook must not pay for loading Probot,
 * fastify and zeromq, which only `serve` and `worker` use (0.6 s of a 0.7 s
 * start, docs/benchmarks.md).
 */
export function lazyCommand(name: string, summary: string, load: () => Promise<Command>): Command {
  return {
    name,
    summary,
    usage: `Usage: c4bot ${name} [options]\n`,
    async loadUsage() {
      return (await load()).usage;
    },
    async run(argv, io) {
      return (await load()).run(argv, io);
    },
  };
}
