import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Octokit } from "@octokit/rest";
import { type BenchReport, benchEnvironment } from "../bench/bench-report.ts";
import { compareReports, slowdownsBeyond } from "../bench/compare-reports.ts";
import type { Comparison } from "../bench/comparison.ts";
import { publishComment } from "../bench/publish-comment.ts";
import { renderComparison, renderRun } from "../bench/render-markdown.ts";
import { reportProblem } from "../bench/report-schema.ts";
import { runAb } from "../bench/run-ab.ts";
import { SAMPLED_IN_TURN_HEADING } from "../bench/run-rounds.ts";
import { runSelfcheck } from "../bench/run-selfcheck.ts";
import { scenarios } from "../bench/scenarios.ts";
import { type SessionRequest, serveSession } from "../bench/serve-session.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { packageRoot } from "./package-info.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot bench run [--scenario NAME]... [--out FILE.json] [--samples N] [--burst N]
  c4bot bench ab --base DIR --head DIR [--rounds N] [--samples N] [--steps N]
                 [--scenario NAME]...
                 [--out FILE.json] [--markdown FILE.md] [--fail-on-slowdown PCT]
  c4bot bench compare BASE.json HEAD.json [--out FILE.json] [--markdown FILE.md]
                 [--fail-on-slowdown PCT]
  c4bot bench report FILE.json
  c4bot bench comment --repo OWNER/NAME --pr N --file REPORT.md
  c4bot bench selfcheck [--trials N] [--rounds N] [--steps N] [--scenario NAME]
                 [--metric ID] [--slowdown PCT]
  c4bot bench session --scenario NAME

run        runs the scenarios (default: all), progress on stderr, the report
           as JSON on stdout (format: docs/benchmarks.md)
ab         runs two builds (each a checkout with dist/ built) alternately,
           --rounds times, and compares them round by round; prints the
           comparison as JSON
compare    compares two reports (sample i with sample i); prints the comparison
report     renders a comparison (or a run's report) as Markdown on stdout
comment    creates or updates the one benchmark comment on a pull request,
           with GITHUB_TOKEN, against GITHUB_API_URL (default api.github.com)
selfcheck  proves the comparison: the same build against itself, and against
           itself with each job slowed by --slowdown percent
session    (run by ab) sets up and warms up one scenario, then takes one sample
           per request from its parent process, over the IPC channel

Scenarios:
${scenarios.map((scenario) => `  ${scenario.name}  ${scenario.description}`).join("\n")}

${SAMPLED_IN_TURN_HEADING}
${scenarios
  .filter((scenario) => scenario.open)
  .map((scenario) => `  ${scenario.name}`)
  .join("\n")}

Options:
  --scenario NAME         run only this scenario (repeatable)
  --out FILE.json         also write the JSON result to FILE.json
  --markdown FILE.md      also write the Markdown report to FILE.md
  --samples N             timed samples per measurement (default: 5; ab: 3)
  --burst N               run, scenario budget: pull requests in the burst
                          (default: 200, about 5 minutes; e.g. 40 for a quick run)
  --steps N               ab, selfcheck: samples per side and round of a
                          scenario sampled in turn (default: 10)
  --rounds N              ab: rounds of base and head (default: 5);
                          selfcheck: rounds per trial (default: 7)
  --fail-on-slowdown PCT  exit 1 when a metric is called slower by more than
                          PCT percent (default: only report)
  --seed N                bootstrap seed (default: 1)
  --work-dir DIR          ab: keep every round's report in DIR
  --trials N              selfcheck: comparisons of each kind (default: 20)
  --slowdown PCT          selfcheck: injected slowdown (default: 20)
  --metric ID             selfcheck: the metric that must catch it
                          (default: worker.inproc.cpu_per_job)
  -h, --help              show this help
`;

const options = {
  scenario: { type: "string", multiple: true },
  out: { type: "string" },
  markdown: { type: "string" },
  samples: { type: "string" },
  burst: { type: "string" },
  steps: { type: "string" },
  rounds: { type: "string" },
  base: { type: "string" },
  head: { type: "string" },
  "fail-on-slowdown": { type: "string" },
  seed: { type: "string" },
  "work-dir": { type: "string" },
  repo: { type: "string" },
  pr: { type: "string" },
  file: { type: "string" },
  trials: { type: "string" },
  slowdown: { type: "string" },
  metric: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseCommandArgs("bench", { args: argv, allowPositionals: true, options });
}

export const benchCommand: Command = {
  name: "bench",
  summary: "run, compare and report benchmarks; post the PR comment",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    const [sub, ...rest] = positionals;
    switch (sub) {
      case "run":
        expectArgs("run", rest, 0);
        return runCommand(values, io);
      case "ab":
        expectArgs("ab", rest, 0);
        return abCommand(values, io);
      case "compare":
        expectArgs("compare", rest, 2);
        return compareCommand(rest as [string, string], values, io);
      case "report":
        expectArgs("report", rest, 1);
        return reportCommand(rest[0] as string, io);
      case "comment":
        expectArgs("comment", rest, 0);
        return commentCommand(values, io);
      case "selfcheck":
        expectArgs("selfcheck", rest, 0);
        return selfcheckCommand(values, io);
      case "session":
        expectArgs("session", rest, 0);
        return sessionCommand(values);
      default: {
        const what = sub === undefined ? "a subcommand" : `"${sub}"`;
        throw new UsageError(
          `c4bot bench: expected run, ab, compare, report, comment, selfcheck or session, got ${what}`,
          { showUsage: true },
        );
      }
    }
  },
};

function expectArgs(sub: string, rest: string[], count: number): void {
  if (rest.length !== count) {
    throw new UsageError(
      `c4bot bench ${sub}: expected ${count} file ${count === 1 ? "argument" : "arguments"}, got ${rest.length}`,
      { showUsage: true },
    );
  }
}

async function runCommand(values: Values, io: CliIo): Promise<ExitCode> {
  const samples = positiveInteger("bench", "--samples", values.samples ?? "5");
  const burst =
    values.burst === undefined ? undefined : positiveInteger("bench", "--burst", values.burst);
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
    report.metrics.push(
      ...(await scenario.run({ progress, samples, ...(burst !== undefined ? { burst } : {}) })),
    );
  }
  await emitJson(report, values.out, io);
  return 0;
}

async function sessionCommand(values: Values): Promise<ExitCode> {
  const name = values.scenario?.[0];
  const scenario = scenarios.find((candidate) => candidate.name === name);
  if (values.scenario?.length !== 1 || !scenario?.open) {
    throw new UsageError(
      `c4bot bench session: --scenario must name one of: ${scenarios
        .filter((candidate) => candidate.open)
        .map((candidate) => candidate.name)
        .join(", ")}`,
    );
  }
  const send = process.send?.bind(process);
  if (!send) {
    throw new UsageError("c4bot bench session: run by bench ab, with an IPC channel");
  }
  await serveSession(scenario, {
    send: (reply) => send(reply),
    onRequest: (listener) => {
      process.on("message", (request: SessionRequest) => listener(request));
      // The parent went away: close as if asked.
      process.once("disconnect", () => listener({ type: "close" }));
    },
  });
  process.disconnect?.();
  return 0;
}

async function abCommand(values: Values, io: CliIo): Promise<ExitCode> {
  if (values.base === undefined || values.head === undefined) {
    throw new UsageError("c4bot bench ab: --base DIR and --head DIR are needed", {
      showUsage: true,
    });
  }
  const failOn = slowdownThreshold(values);
  const keep = values["work-dir"] !== undefined;
  const workDir = keep
    ? resolve(io.cwd, values["work-dir"] as string)
    : await mkdtemp(join(tmpdir(), "c4bot-ab-"));
  await mkdir(workDir, { recursive: true });
  try {
    const { comparison, base, head } = await runAb({
      baseDir: resolve(io.cwd, values.base),
      headDir: resolve(io.cwd, values.head),
      rounds: positiveInteger("bench", "--rounds", values.rounds ?? "5"),
      samples: positiveInteger("bench", "--samples", values.samples ?? "3"),
      interleavedSamples: positiveInteger("bench", "--steps", values.steps ?? "10"),
      ...(values.scenario ? { scenarios: values.scenario } : {}),
      workDir,
      progress: (line) => io.stderr(`${line}\n`),
      compare: { seed: seed(values) },
    });
    if (keep) {
      await writeFile(join(workDir, "base.json"), `${JSON.stringify(base, null, 2)}\n`);
      await writeFile(join(workDir, "head.json"), `${JSON.stringify(head, null, 2)}\n`);
    }
    return await finishComparison(comparison, values, failOn, io);
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
  }
}

async function compareCommand(
  [basePath, headPath]: [string, string],
  values: Values,
  io: CliIo,
): Promise<ExitCode> {
  const failOn = slowdownThreshold(values);
  const base = await readReport(resolve(io.cwd, basePath));
  const head = await readReport(resolve(io.cwd, headPath));
  if ("kind" in base || "kind" in head) {
    throw new UsageError("c4bot bench compare: give two `bench run` reports, not comparisons");
  }
  const comparison = compareReports(base, head, { seed: seed(values) });
  return finishComparison(comparison, values, failOn, io);
}

/** Prints and writes a comparison; exit 1 when --fail-on-slowdown is exceeded. */
async function finishComparison(
  comparison: Comparison,
  values: Values,
  failOn: number | undefined,
  io: CliIo,
): Promise<ExitCode> {
  await emitJson(comparison, values.out, io);
  if (values.markdown !== undefined) {
    await writeFile(resolve(io.cwd, values.markdown), renderComparison(comparison));
  }
  io.stderr(`bench: ${comparison.summary}\n`);
  if (failOn === undefined) return 0;
  const beyond = slowdownsBeyond(comparison, failOn);
  for (const m of beyond) {
    io.stderr(`bench: ${m.id} is slower by more than ${failOn}% (${m.ratio?.toFixed(3)}x)\n`);
  }
  return beyond.length > 0 ? 1 : 0;
}

async function reportCommand(path: string, io: CliIo): Promise<ExitCode> {
  const input = await readReport(resolve(io.cwd, path));
  io.stdout("kind" in input ? renderComparison(input) : renderRun(input));
  return 0;
}

async function commentCommand(values: Values, io: CliIo): Promise<ExitCode> {
  const repo = /^([^/\s]+)\/([^/\s]+)$/.exec(values.repo ?? "");
  if (!repo || values.pr === undefined || values.file === undefined) {
    throw new UsageError(
      "c4bot bench comment: --repo OWNER/NAME, --pr N and --file FILE are needed",
      {
        showUsage: true,
      },
    );
  }
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError("c4bot bench comment: GITHUB_TOKEN is not set");
  const body = await readFile(resolve(io.cwd, values.file), "utf8");
  const octokit = new Octokit({
    auth: token,
    baseUrl: io.env.GITHUB_API_URL || "https://api.github.com",
    userAgent: "c4bot-bench",
  });
  const published = await publishComment(octokit, {
    owner: repo[1] as string,
    repo: repo[2] as string,
    pr: positiveInteger("bench", "--pr", values.pr),
    body,
  });
  io.stderr(`bench: ${published.action} comment ${published.id}: ${published.url}\n`);
  return 0;
}

async function selfcheckCommand(values: Values, io: CliIo): Promise<ExitCode> {
  const trials = positiveInteger("bench", "--trials", values.trials ?? "20");
  const slowdown = percent("--slowdown", values.slowdown ?? "20");
  const result = await runSelfcheck({
    dir: packageRoot,
    trials,
    rounds: positiveInteger("bench", "--rounds", values.rounds ?? "7"),
    samples: positiveInteger("bench", "--samples", values.samples ?? "5"),
    steps: positiveInteger("bench", "--steps", values.steps ?? "10"),
    scenario: values.scenario?.[0] ?? "worker",
    metric: values.metric ?? "worker.inproc.cpu_per_job",
    slowdown: slowdown / 100,
    progress: (line) => io.stderr(`${line}\n`),
  });
  // The issue's bar: right in at least 19 of 20 runs, i.e. 95%.
  const needed = Math.ceil(trials * 0.95);
  const falseAlarms = trials - result.quiet;
  const missed = trials - result.caught;
  io.stdout(
    `${JSON.stringify({ ...result, falseAlarmRate: falseAlarms / trials, detectionRate: result.caught / trials }, null, 2)}\n`,
  );
  io.stderr(
    `selfcheck: same build called "no change" on every metric in ${result.quiet}/${trials} (false-alarm rate ${((100 * falseAlarms) / trials).toFixed(0)}%)\n` +
      `selfcheck: ${slowdown}% slowdown called "slower" in ${result.caught}/${trials} (missed ${((100 * missed) / trials).toFixed(0)}%)\n`,
  );
  return result.quiet >= needed && result.caught >= needed ? 0 : 1;
}

async function emitJson(value: unknown, out: string | undefined, io: CliIo): Promise<void> {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (out !== undefined) {
    const path = resolve(io.cwd, out);
    await writeFile(path, json);
    io.stderr(`wrote ${path}\n`);
  }
  io.stdout(json);
}

async function readReport(path: string): Promise<BenchReport | Comparison> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new UsageError(`c4bot bench: cannot read ${path}: ${(error as Error).message}`);
  }
  const problem = reportProblem(parsed);
  if (problem !== null) {
    throw new UsageError(
      `c4bot bench: ${path} is not a version 1 bench report or comparison (${problem}); make one with \`c4bot bench run --out FILE.json\``,
    );
  }
  return parsed as BenchReport | Comparison;
}

function slowdownThreshold(values: Values): number | undefined {
  const value = values["fail-on-slowdown"];
  return value === undefined ? undefined : percent("--fail-on-slowdown", value);
}

function percent(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number < 0) {
    throw new UsageError(`c4bot bench: ${flag} wants a percentage, got "${value}"`, {
      showUsage: true,
    });
  }
  return number;
}

function seed(values: Values): number {
  return values.seed === undefined ? 1 : positiveInteger("bench", "--seed", values.seed);
}
