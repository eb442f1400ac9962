import { type C4Config, defaultConfig } from "../c4/config.ts";
import { ContractParseError, type ContractReport, compareContract } from "../c4/contract/index.ts";
import { describeChange } from "../c4/rules/public-contract.ts";
import { terminalText } from "../c4/terminal-text.ts";
import type { Command } from "./command.ts";
import { findDefaultRange } from "./find-default-range.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { loadConfig } from "./load-config.ts";
import { parseCommandArgs, textOrJson } from "./parse-command-args.ts";
import { readContractInputs, readHistory } from "./read-contract-inputs.ts";
import { gitOutput } from "./run-git.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot contract [--base REF] [--head REF] [options]

Compares the public contract (C4 2.3.4, 2.6) of two revisions of this git
checkout and lists every change by symbol, with its clause: stable symbols
removed or changed break existing applications (2.6.3).

Options:
  --base REF           the revision before (default: the upstream default branch,
                       as \`c4bot check\` finds it)
  --head REF           the revision after (default: HEAD)
  --history REF        an older revision (a release tag): a name it had, gone at
                       --base and back at --head with another meaning, is reported
                       as name-reused (2.6.8)
  --config FILE        the config (default: .github/c4.yml at the top level, else
                       defaults): rules.public-contract.files and .ignore
  --format text|json   output format (default: text)
  -h, --help           show this help

JSON: {"breaking": bool, "files": [paths read], "changes": [{"symbol", "file",
"kind", "clause", "before", "after"}]}.

Exit codes: 0 not breaking, 1 breaking, 2 usage error, unreadable revision or
malformed contract file.
`;

export const contractCommand: Command = {
  name: "contract",
  summary: "compare the public contract of two revisions (C4 2.6)",
  usage,
  run: runContract,
};

async function runContract(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommandArgs("contract", {
    args: argv,
    options: {
      base: { type: "string" },
      head: { type: "string", default: "HEAD" },
      history: { type: "string" },
      config: { type: "string" },
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const format = textOrJson("contract", values.format);
  const topLevel = await gitOutput(io.cwd, ["rev-parse", "--show-toplevel"]);
  if (topLevel === undefined) {
    throw new UsageError("c4bot contract: not in a git repository; run it inside one");
  }
  const config = await loadConfig(io, {
    topLevel,
    ...(values.config === undefined ? {} : { file: values.config }),
  });
  const base = values.base ?? defaultBase(await findDefaultRange(io.cwd));
  for (const rev of [base, values.head, values.history]) {
    if (rev?.startsWith("-")) throw new UsageError(`c4bot contract: "${rev}" is not a revision`);
  }
  const report = await compareRevisions(topLevel, config, {
    base,
    head: values.head,
    ...(values.history === undefined ? {} : { history: values.history }),
  });
  io.stdout(
    format === "json" ? `${JSON.stringify(publicShape(report), null, 2)}\n` : renderReport(report),
  );
  return report.breaking ? 1 : 0;
}

/** The JSON scripts rely on: exactly these keys per change. */
function publicShape(report: ContractReport): ContractReport {
  return {
    breaking: report.breaking,
    files: report.files,
    changes: report.changes.map(({ symbol, file, kind, clause, before, after }) => ({
      symbol,
      file,
      kind,
      clause,
      before,
      after,
    })),
  };
}

/** `origin/main..HEAD` gives `origin/main`. */
function defaultBase(range: string): string {
  return range.slice(0, range.lastIndexOf(".."));
}

/**
 * The contract report for two revisions of a checkout; a malformed model is
 * a UsageError naming its file and line (exit 2, no stack trace).
 */
export async function compareRevisions(
  cwd: string,
  config: C4Config,
  revs: { base: string; head: string; history?: string },
  command = "contract",
): Promise<ContractReport> {
  const settings = config.rules["public-contract"] ?? defaultConfig.rules["public-contract"];
  const inputs = await readContractInputs(cwd, command, revs.base, revs.head, settings.files);
  try {
    const history =
      revs.history === undefined
        ? undefined
        : await readHistory(cwd, command, revs.history, settings.files);
    return compareContract(inputs, settings, history);
  } catch (error) {
    if (error instanceof ContractParseError) {
      throw new UsageError(`c4bot ${command}: ${printable(error.message)}`);
    }
    throw error;
  }
}

function renderReport(report: ContractReport): string {
  const lines = report.changes.map((change) => describeChange(change));
  const files = report.files.length;
  const summary =
    files === 0
      ? "no public contract files found"
      : report.breaking
        ? "breaking: a stable symbol is removed or changed (C4 2.6.3)"
        : `not breaking: ${report.changes.length} change(s) in ${files} contract file(s)`;
  return `${[...lines, summary].join("\n")}\n`;
}

/** One line for a terminal: file contents may carry line breaks and control characters. */
function printable(text: string): string {
  return terminalText(text.replace(/[\r\n]+/g, " "));
}
