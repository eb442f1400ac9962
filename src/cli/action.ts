import { randomUUID } from "node:crypto";
import { appendFile, readFile } from "node:fs/promises";
import { type PullSnapshot, REPO_CONFIG_FILE, renderText } from "../c4/index.ts";
import type { CheckRunReport } from "../github/check-run.ts";
import { BranchRulesCache } from "../github/read-branch-rules.ts";
import { readSnapshot } from "../github/read-snapshot.ts";
import { tokenClient } from "../github/token-client.ts";
import { checkRunReport } from "../jobs/check-run-report.ts";
import { judgePull } from "../jobs/judge-pull.ts";
import { actionTarget } from "./action-event.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot action [--config FILE] [--mode enforce|report]

Judges the pull request of a GitHub Actions run (pull_request or
merge_group) with the same policy and text as the App's \`C4\` check run,
writes that text to the job summary, and merges nothing. action.yml runs it.

Options (and the action's inputs, as the runner passes them):
  --config FILE   (INPUT_CONFIG) the config on the default branch
                  (default .github/c4.yml)
  --mode MODE     (INPUT_MODE) enforce: exit 1 unless the patch is correct
                  (the default); report: write the summary, exit 0
  -h, --help      show this help

Environment, as a runner sets it: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
GITHUB_TOKEN, GITHUB_API_URL, GITHUB_STEP_SUMMARY, GITHUB_JOB (this job's
own check run is not waited for).

Exit codes: 0 correct (or --mode report), 1 not correct or still waiting
(CI running), 2 a usage, event or GitHub error.
`;

export const actionCommand: Command = {
  name: "action",
  summary: "judge the pull request of a GitHub Actions run (action.yml)",
  usage,
  run: runAction,
};

async function runAction(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommandArgs("action", {
    args: argv,
    options: {
      config: { type: "string" },
      mode: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  const env = io.env;
  const configFile = values.config || env.INPUT_CONFIG || REPO_CONFIG_FILE;
  const mode = values.mode || env.INPUT_MODE || "enforce";
  if (mode !== "enforce" && mode !== "report") {
    throw new UsageError(`c4bot action: mode is enforce or report, got "${mode}"`);
  }
  const github = tokenClient(env);
  if (!github) throw new UsageError("c4bot action: GITHUB_TOKEN is not set");
  const target = actionTarget(env.GITHUB_EVENT_NAME ?? "", await readEvent(env.GITHUB_EVENT_PATH));
  const pull = `${target.owner}/${target.repo}#${target.number}`;

  const read = await readSnapshot(github, target, new Date().toISOString(), configFile).catch(
    (error: unknown) => {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new UsageError(`c4bot action: cannot read ${pull}: ${reason}`);
    },
  );
  if (!read.snapshot || read.state !== "OPEN") {
    io.stdout(`${pull} is not open: nothing to judge\n`);
    return 0;
  }
  const snapshot = withoutOwnJob(read.snapshot, env.GITHUB_JOB);
  // The base branch's required checks, as the App reads them; a token that
  // may not read them leaves ci-green on every check.
  const rules = await new BranchRulesCache().read(github, {
    owner: target.owner,
    repo: target.repo,
    branch: snapshot.base.ref,
  });
  const judged = await judgePull(github, target, read, snapshot, rules.requiredChecks);
  // The same report as the App's check run; the Action never merges.
  const report = judged.ok
    ? checkRunReport(judged.verdict, { dryRun: false, merging: false, notes: judged.notes })
    : judged.report;
  await writeSummary(env.GITHUB_STEP_SUMMARY, pull, report);
  if (judged.ok) io.stdout(quoteForRunnerLog(renderText(judged.verdict, { color: false })));
  io.stdout(`${pull}: ${report.title}\n`);
  const correct = judged.ok && judged.verdict.decision === "merge";
  return correct || mode === "report" ? 0 : 1;
}

async function readEvent(path: string | undefined): Promise<object> {
  if (!path) throw new UsageError("c4bot action: GITHUB_EVENT_PATH is not set");
  try {
    return JSON.parse(await readFile(path, "utf8")) as object;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`c4bot action: cannot read the event at ${path}: ${reason}`);
  }
}

/**
 * The job running this Action is itself a check run on the head, still in
 * progress: `ci-green` would wait for it forever. GitHub names it after the
 * job (`GITHUB_JOB`, the job's id, when it has no `name:`).
 */
export function withoutOwnJob(snapshot: PullSnapshot, job: string | undefined): PullSnapshot {
  if (!job) return snapshot;
  const checks = snapshot.checks.filter(
    (check) => !(check.kind === "check_run" && check.name === job && check.status !== "completed"),
  );
  return { ...snapshot, checks };
}

/**
 * The rules' text quotes the patch (commit messages, the title): a line of
 * it starting with `::` would be a workflow command to the runner
 * (`::add-mask::`, `::error::`...). Commands stay off around it, with a
 * token the patch cannot know
 * (https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions#stopping-and-starting-workflow-commands),
 * and control characters are dropped.
 */
export function quoteForRunnerLog(text: string): string {
  const token = randomUUID();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
  return `::stop-commands::${token}\n${clean.replace(/\n?$/, "\n")}::${token}::\n`;
}

/** Appends the report to the job summary, the page GitHub shows for the run. */
async function writeSummary(
  file: string | undefined,
  pull: string,
  report: CheckRunReport,
): Promise<void> {
  if (!file) return;
  await appendFile(file, `## C4 on ${pull}: ${report.title}\n\n${report.summary}\n`);
}
