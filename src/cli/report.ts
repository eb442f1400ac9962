import { terminalText } from "../c4/terminal-text.ts";
import { contributorReport, renderContributorReport } from "../community/contributor-report.ts";
import { rateLimitDelayMs } from "../github/errors.ts";
import { listPulls } from "../github/list-pulls.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { tokenClient } from "../github/token-client.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { repoArgument } from "./release-notes.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot report --repo OWNER/NAME [--since 90d] [--format markdown|json] [--budget N]

Prints who contributes and how: patches per contributor, the share of correct
patches (the \`C4\` check passed), the median time from the last push to the
merge, the self-merge rate (C4 2.4.13) and the first-time contributors.

Options:
  --repo OWNER/NAME  the repository
  --since WHEN       the window: a number of days (90d) or a date (2026-01-01); default 90d
  --format F         markdown (default) or json
  --budget N         GitHub requests at most (default 500); past it the report
                     says it is incomplete
  -h, --help         show this help

Environment: GITHUB_TOKEN (or GH_TOKEN), and GITHUB_API_URL for GitHub
Enterprise Server (https://HOST/api/v3), as \`gh\` reads them.
`;

/** `90d` or an ISO date → the start of the window. */
export function parseSince(value: string, now: Date): Date {
  const days = /^(\d+)d$/.exec(value)?.[1];
  if (days) return new Date(now.getTime() - Number(days) * 86_400_000);
  const date = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(date)) return new Date(date);
  throw new UsageError(
    `c4bot report: --since wants 90d or a date like 2026-01-01, got "${value}"`,
    {
      showUsage: true,
    },
  );
}

export const reportCommand: Command = {
  name: "report",
  summary: "print the contributor report of a repository",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("report", {
      args: argv,
      options: {
        repo: { type: "string" },
        since: { type: "string", default: "90d" },
        format: { type: "string", default: "markdown" },
        budget: { type: "string", default: "500" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    const repo = repoArgument("report", values.repo);
    if (values.format !== "markdown" && values.format !== "json") {
      throw new UsageError(
        `c4bot report: --format wants markdown or json, got "${values.format}"`,
        {
          showUsage: true,
        },
      );
    }
    const now = new Date();
    const since = parseSince(values.since, now);
    const budget = new RequestBudget(positiveInteger("report", "--budget", values.budget));
    const github = tokenClient(io.env);
    if (!github) throw new UsageError("c4bot report: set GITHUB_TOKEN (or GH_TOKEN)");
    try {
      const pulls = await listPulls(github, repo, budget);
      const report = contributorReport({
        repo: `${repo.owner}/${repo.repo}`,
        pulls: pulls.items,
        since,
        now,
        complete: pulls.complete,
      });
      io.stdout(
        values.format === "json"
          ? `${JSON.stringify(report, null, 2)}\n`
          : terminalText(renderContributorReport(report)),
      );
      return 0;
    } catch (error) {
      const wait = rateLimitDelayMs(error);
      if (wait !== null) {
        io.stderr(`c4bot report: GitHub's rate limit: try again in ${Math.ceil(wait / 1000)} s\n`);
        return 2;
      }
      throw error;
    }
  },
};
