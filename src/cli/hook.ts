import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { builtCliPath } from "./package-info.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { gitOutput } from "./run-git.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot hook install [--force]

Installs a git commit-msg hook that runs \`c4bot check --message-file\` on every
commit message, so a message that breaks C4 2.3.7 is refused before it exists.
The hook goes where git looks for hooks (core.hooksPath and worktrees included).

Options:
  --force      replace an existing commit-msg hook that c4bot did not write
  -h, --help   show this help
`;

/** Marks a hook as ours, so reinstalling may overwrite it without --force. */
export const hookMarker = "# Installed by `c4bot hook install`.";

/** The hook script: runs this very build of c4bot on the message file. */
export function hookScript(cliPath: string): string {
  const quoted = `'${cliPath.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh
${hookMarker}
# Checks the commit message against C4 2.3.7; remove this file to stop.
exec node ${quoted} check --message-file "$1"
`;
}

export const hookCommand: Command = {
  name: "hook",
  summary: "install a commit-msg hook that checks every commit message",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values, positionals } = parseCommandArgs("hook", {
      args: argv,
      allowPositionals: true,
      options: {
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    if (positionals.length !== 1 || positionals[0] !== "install") {
      const what = positionals[0] === undefined ? "a subcommand" : `"${positionals.join(" ")}"`;
      throw new UsageError(`c4bot hook: expected "install", got ${what}`, { showUsage: true });
    }
    return install(io, values.force ?? false);
  },
};

async function install(io: CliIo, force: boolean): Promise<ExitCode> {
  const hooks = await gitOutput(io.cwd, ["rev-parse", "--git-path", "hooks"]);
  if (hooks === undefined) throw new UsageError("c4bot hook install: not in a git repository");
  // --git-path answers relative to the current directory (or absolute).
  const file = resolve(io.cwd, hooks, "commit-msg");
  const directory = resolve(io.cwd, hooks);
  let existing: string | undefined;
  try {
    existing = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (existing !== undefined && !existing.includes(hookMarker) && !force) {
    throw new UsageError(
      `c4bot hook install: ${file} already exists and was not written by c4bot; ` +
        "leaving it alone. Merge it by hand, or run `c4bot hook install --force` to replace it.",
    );
  }
  await mkdir(directory, { recursive: true });
  await writeFile(file, hookScript(builtCliPath), { mode: 0o755 });
  // writeFile's mode applies only to a new file: make a replaced one executable too.
  await chmod(file, 0o755);
  io.stdout(`installed the c4bot commit-msg hook in ${file}\n`);
  return 0;
}
