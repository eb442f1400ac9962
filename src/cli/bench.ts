import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type BenchReport, benchEnvironment } from "../bench/bench-report.ts";
import { scenarios } from "../bench/scenarios.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { packageRoot } from "./package-info.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot bench run [--scenario NAME]... [--out FILE.json] [--samples N]

Runs the benchmark scenarios (default: all of them), prints progress on stderr
and the report as JSON on stdout.

Scenarios:
${scenarios.map((scenario) => `  ${scenario.name}  ${scenario.description}`).join("\n")}

Options:
  --scenario NAME   run only this scenario (repeatable)
  --out FILE.json   also write the report to FILE.json
  --samples N       timed samples per measurement (default: 5)
  -h, --help        show this help
`;

export const benchCommand: Command = {
  name: "bench",
  summary: "run the benchmarks and print a JSON report",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values, positionals } = parseCommandArgs("bench", {
      args: argv,
      allowPositionals: true,
      options: {
        scenario: { type: "string", multiple: true },
        out: { type: "string" },
        samples: { type: "string", default: "5" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== "run") {
      const what = positionals[0] === undefined ? "a subcommand" : `"${positionals.join(" ")}"`;
      throw new UsageError(`c4bot bench: expected "run", got ${what}`, { showUsage: true });
    }
    const samples = positiveInteger("bench", "--samples", values.samples);
    const names = values.scenario ?? scenarios.map((scenario) => scenario.name);
    const chosen = names.map((name) => {
      const scenario = scenarios.find((candidate) => candidate.name === name);
      if (!scenario) {
        throw new UsageError(`c4bot bench: unknown scenario "${name}"`, { showUsage: true });
      }
      return scenario;
    });

    const report: BenchReport = {
      version: 1,
      environment: benchEnvironment(packageRoot),
      metrics: [],
    };
    const progress = (line: string) => io.stderr(`${line}\n`);
    for (const scenario of chosen) {
      progress(`${scenario.name}: ${scenario.description}`);
      report.metrics.push(...(await scenario.run({ progress, samples })));
    }
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (values.out !== undefined) {
      const out = resolve(io.cwd, values.out);
      await writeFile(out, json);
      progress(`wrote ${out}`);
    }
    io.stdout(json);
    return 0;
  },
};
