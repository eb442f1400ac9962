/**
 * The one style of a failed command (issue 21): `c4bot COMMAND: <one-line
 * reason>`, then what to do. The stack trace only with `--debug` or
 * `LOG_LEVEL=debug`: for a person it is noise, for a bug report it is the
 * detail.
 */
export function describeError(command: string, error: unknown, debug: boolean): string {
  const lines = [`c4bot ${command}: ${reason(error)}`];
  const hint = hintFor(command, error);
  if (hint) lines.push(`  ${hint}`);
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  else lines.push("  (run it again with --debug, or LOG_LEVEL=debug, for the stack trace)");
  return `${lines.join("\n")}\n`;
}

interface SystemError {
  code?: string;
  address?: string;
  port?: number;
  syscall?: string;
}

function reason(error: unknown): string {
  const { code, address, port } = error as SystemError;
  if (code === "EADDRINUSE") {
    return `${address ?? "the address"}${port === undefined ? "" : `:${port}`} is already in use (EADDRINUSE)`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

function hintFor(command: string, error: unknown): string | undefined {
  const { code } = error as SystemError;
  if (code === "EADDRINUSE") {
    return command === "sandbox"
      ? "another program (another sandbox?) holds the port: stop it, or pick free ports with `c4bot sandbox --port N` (it uses N and N+1)"
      : "another program holds the port: stop it, or set PORT to a free one";
  }
  if (code === "EACCES" || code === "EPERM")
    return "check the permissions of the file or port named above";
  return undefined;
}
