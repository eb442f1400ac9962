import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { C4Config, Verdict } from "../c4/index.ts";
import { evaluate, evaluateCommits, renderText, toJsonReport } from "../c4/index.ts";
import { cleanMessage } from "./clean-message.ts";
import type { Command } from "./command.ts";
import { findDefaultRange } from "./find-default-range.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { loadConfig } from "./load-config.ts";
import { parseCommandArgs, positiveInteger, textOrJson } from "./parse-command-args.ts";
import { readCommits } from "./read-commits.ts";
import { readContractInputs } from "./read-contract-inputs.ts";
import { readSnapshot } from "./read-snapshot.ts";
import { gitOutput } from "./run-git.ts";
import { UsageError } from "./usage-error.ts";
import { useColor } from "./use-color.ts";

const usage = `Usage:
  c4bot check [RANGE...] [options]          check the commits of a local range
  c4bot check --message-file FILE [options] check one commit message (commit-msg hook)
  c4bot check --snapshot FILE.json [options] check a whole pull request snapshot

RANGE is anything \`git rev-list\` takes (A..B, HEAD, a sha). Without it: the
commits on HEAD that are not on the upstream default branch.

Options:
  --config FILE        the config (default: .github/c4.yml at the top level, else defaults)
  --format text|json   output format (default: text)
  --max-count N        check only the newest N commits of the range
  --color, --no-color  force colours on or off (default: on when stdout is a terminal
                       and NO_COLOR is not set)
  -h, --help           show this help

Exit codes: 0 correct, 1 not correct, 2 usage or config error.
`;

/** The report for a range with no commits: nothing is wrong with nothing. */
const emptyReport = { correct: true, decision: "merge", results: [] } as const;

export const checkCommand: Command = {
  name: "check",
  summary: "check commits, a commit message or a pull request snapshot against C4",
  usage,
  run: runCheck,
};

async function runCheck(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("check", {
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      format: { type: "string", default: "text" },
      "max-count": { type: "string" },
      color: { type: "boolean" },
      "no-color": { type: "boolean" },
      snapshot: { type: "string" },
      "message-file": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const format = textOrJson("check", values.format);
  const maxCount =
    values["max-count"] === undefined
      ? undefined
      : positiveInteger("check", "--max-count", values["max-count"]);
  const sources = [values.snapshot, values["message-file"], positionals[0]].filter(
    (source) => source !== undefined,
  );
  if (sources.length > 1) {
    throw new UsageError("c4bot check: give a RANGE, --snapshot or --message-file, not several", {
      showUsage: true,
    });
  }
  // A revision starting with "-" would reach git as an option.
  const dashed = positionals.find((arg) => arg.startsWith("-"));
  if (dashed !== undefined) {
    throw new UsageError(`c4bot check: "${dashed}" is not a revision range`, { showUsage: true });
  }

  const topLevel = await gitOutput(io.cwd, ["rev-parse", "--show-toplevel"]);
  const config = await loadConfig(io, {
    ...(values.config === undefined ? {} : { file: values.config }),
    ...(topLevel === undefined ? {} : { topLevel }),
  });

  let verdict: Verdict | undefined;
  if (values.snapshot !== undefined) {
    verdict = evaluate(await readSnapshot(resolve(io.cwd, values.snapshot)), config);
  } else if (values["message-file"] !== undefined) {
    verdict = await checkMessageFile(io, values["message-file"], config);
  } else {
    if (topLevel === undefined) {
      throw new UsageError(
        "c4bot check: not in a git repository; run it inside one, or use --snapshot or --message-file",
      );
    }
    const range = positionals.length > 0 ? positionals : [await findDefaultRange(io.cwd)];
    const commits = await readCommits(io.cwd, range, maxCount);
    // The default range is what a pull request would carry: judge its
    // public contract too (C4 2.3.4), as the App does.
    const contract =
      positionals.length === 0
        ? await readRangeContract(topLevel, range[0] as string, config)
        : undefined;
    verdict =
      commits.length > 0
        ? evaluateCommits(commits, config, undefined, "range", contract)
        : undefined;
  }

  if (verdict === undefined) {
    if (format === "json") io.stdout(`${JSON.stringify(emptyReport, null, 2)}\n`);
    else io.stdout("nothing to check\n");
    return 0;
  }
  if (format === "json") {
    io.stdout(`${JSON.stringify(toJsonReport(verdict), null, 2)}\n`);
  } else {
    const text = renderText(verdict, { color: useColor(values, io) });
    io.stdout(text.endsWith("\n") ? text : `${text}\n`);
  }
  return verdict.correct ? 0 : 1;
}

/**
 * The contract files at the fork point of `base..HEAD` and at HEAD, for
 * `public-contract`: none when no contract file changed; all of them
 * otherwise, so a class that includes a changed fragment is read too.
 */
async function readRangeContract(cwd: string, range: string, config: C4Config) {
  const upstream = range.slice(0, range.lastIndexOf(".."));
  const base = (await gitOutput(cwd, ["merge-base", upstream, "HEAD"])) ?? upstream;
  const specs = config.rules["public-contract"].files;
  const inputs = await readContractInputs(cwd, "check", base, "HEAD", specs);
  const changed = await gitOutput(cwd, ["diff", "--name-only", "-z", base, "HEAD", "--"]);
  return {
    contractFiles: inputs.some((input) => input.before !== input.after) ? inputs : [],
    changedFiles: (changed ?? "").split("\0").filter((path) => path !== ""),
  };
}

/** One message as git's commit-msg hook receives it: one commit, one parent. */
async function checkMessageFile(io: CliIo, file: string, config: C4Config): Promise<Verdict> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`c4bot check: cannot read --message-file ${file}: ${String(error)}`);
  }
  const configured = await gitOutput(io.cwd, ["config", "core.commentChar"]);
  // "auto" makes git pick a character the message does not start a line with;
  // it cannot be told from the file afterwards, so fall back to git's default.
  const commentChar = configured && configured !== "auto" ? configured : "#";
  const message = cleanMessage(text, commentChar);
  return evaluateCommits(
    [{ sha: "(message)", message, parents: 1, author: null }],
    config,
    undefined,
    "message",
  );
}
