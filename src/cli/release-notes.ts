import { terminalText } from "../c4/terminal-text.ts";
import { collectReleaseNotes } from "../community/collect-release-notes.ts";
import { renderReleaseNotes } from "../community/release-notes.ts";
import { rateLimitDelayMs } from "../github/errors.ts";
import { RequestBudget } from "../github/request-budget.ts";
import { tokenClient } from "../github/token-client.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot release-notes --repo OWNER/NAME --to TAG [--from TAG] [--budget N]

Prints a release's history as C4 2.4.6 defines it: the problems solved (the
\`Problem:\` lines of the pull requests merged between the two tags, with the
issues they closed) and the contributors. Without --from, everything up to
--to.

Options:
  --repo OWNER/NAME  the repository
  --from TAG         the previous release's tag (or any ref)
  --to TAG           this release's tag (or any ref)
  --budget N         GitHub requests at most (default 500); past it the notes
                     say they are incomplete
  -h, --help         show this help

Environment: GITHUB_TOKEN (or GH_TOKEN), and GITHUB_API_URL for GitHub
Enterprise Server (https://HOST/api/v3), as \`gh\` reads them.
`;

/** `OWNER/NAME` → its parts, or a UsageError. */
export function repoArgument(command: string, value: string | undefined) {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(value ?? "");
  if (!match?.[1] || !match[2]) {
    throw new UsageError(`c4bot ${command}: --repo wants OWNER/NAME, got "${value ?? ""}"`, {
      showUsage: true,
    });
  }
  return { owner: match[1], repo: match[2] };
}

export const releaseNotesCommand: Command = {
  name: "release-notes",
  summary: "print the problems solved between two tags (C4 2.4.6)",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("release-notes", {
      args: argv,
      options: {
        repo: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        budget: { type: "string", default: "500" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    const repo = repoArgument("release-notes", values.repo);
    if (!values.to)
      throw new UsageError("c4bot release-notes: --to TAG is required", { showUsage: true });
    const budget = new RequestBudget(positiveInteger("release-notes", "--budget", values.budget));
    const github = tokenClient(io.env);
    if (!github) throw new UsageError("c4bot release-notes: set GITHUB_TOKEN (or GH_TOKEN)");
    try {
      const notes = await collectReleaseNotes(
        github,
        repo,
        { from: values.from ?? null, to: values.to },
        budget,
      );
      io.stdout(terminalText(renderReleaseNotes(notes)));
      return 0;
    } catch (error) {
      const wait = rateLimitDelayMs(error);
      if (wait !== null) {
        io.stderr(
          `c4bot release-notes: GitHub's rate limit: try again in ${Math.ceil(wait / 1000)} s\n`,
        );
        return 2;
      }
      throw error;
    }
  },
};
