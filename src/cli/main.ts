import { benchEntry } from "./bench-entry.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { lazyCommand } from "./lazy-command.ts";
import { runCommand } from "./run-command.ts";
import { sandboxCommand } from "./sandbox.ts";
import { UsageError } from "./usage-error.ts";
import { versionCommand } from "./version.ts";

/**
 * The subcommands, in the order `c4bot --help` lists them: add new ones here.
 * Each loads its module only when it runs (test/cli/main.test.ts holds these
 * summaries to the modules').
 */
export const commands: readonly Command[] = [
  sandboxCommand,
  lazyCommand(
    "serve",
    "run the GitHub App (webhooks, checks, merges)",
    async () => (await import("./serve.ts")).serveCommand,
  ),
  lazyCommand(
    "worker",
    "run jobs for a remote c4bot broker (scale-out)",
    async () => (await import("./worker.ts")).workerCommand,
  ),
  lazyCommand(
    "keygen",
    "make a CurveZMQ key pair for the broker or a remote worker",
    async () => (await import("./keygen.ts")).keygenCommand,
  ),
  lazyCommand(
    "check",
    "check commits, a commit message or a pull request snapshot against C4",
    async () => (await import("./check.ts")).checkCommand,
  ),
  lazyCommand(
    "contract",
    "compare the public contract of two revisions (C4 2.6)",
    async () => (await import("./contract.ts")).contractCommand,
  ),
  lazyCommand(
    "hook",
    "install a commit-msg hook that checks every commit message",
    async () => (await import("./hook.ts")).hookCommand,
  ),
  lazyCommand(
    "action",
    "judge the pull request of a GitHub Actions run (action.yml)",
    async () => (await import("./action.ts")).actionCommand,
  ),
  benchEntry,
  lazyCommand(
    "release-notes",
    "print the problems solved between two tags (C4 2.4.6)",
    async () => (await import("./release-notes.ts")).releaseNotesCommand,
  ),
  lazyCommand(
    "report",
    "print the contributor report of a repository",
    async () => (await import("./report.ts")).reportCommand,
  ),
  versionCommand,
];

function overview(): string {
  const entries = [
    ...commands.map((command) => [command.name, command.summary] as const),
    ["help [COMMAND]", "show this help, or a command's"] as const,
  ];
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return `Usage: c4bot <command> [options]

Runs a project by ZeroMQ's contribution contract (C4, RFC 42).

Commands:
${lines.join("\n")}

Run \`c4bot help COMMAND\` or \`c4bot COMMAND --help\` for its options. With
--debug (or LOG_LEVEL=debug) a failure prints its stack trace too.
`;
}

/**
 * The whole CLI as a function: parses `argv` (the words after `c4bot`), runs
 * one subcommand with `io`, and returns the exit code: 0 correct, 1 not
 * correct, 2 a usage or config error. The bin only sets process.exitCode.
 */
export async function main(argv: string[], io: CliIo): Promise<ExitCode> {
  // `--debug` anywhere, or LOG_LEVEL=debug: a failure prints its stack trace too.
  const debug = argv.includes("--debug") || io.env.LOG_LEVEL === "debug";
  const [name, ...rest] = argv.filter((arg) => arg !== "--debug");
  if (name === undefined) {
    io.stderr(overview());
    return 2;
  }
  if (name === "--help" || name === "-h") {
    io.stdout(overview());
    return 0;
  }
  if (name === "help") return await help(rest, io);
  if (name === "--version" || name === "-V") return versionCommand.run([], io);

  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`c4bot: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  return await runCommand(name, command, rest, io, debug);
}

async function help(topics: string[], io: CliIo): Promise<ExitCode> {
  const [topic] = topics;
  if (topic === undefined) {
    io.stdout(overview());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === topic);
  if (!command) {
    io.stderr(`c4bot help: unknown command "${topic}"\n\n${overview()}`);
    return 2;
  }
  try {
    io.stdout(command.loadUsage ? await command.loadUsage() : command.usage);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n`);
    return 2;
  }
  return 0;
}
