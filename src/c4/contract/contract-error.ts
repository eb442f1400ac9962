/**
 * A contract file that cannot be read (malformed XML): the CLI prints the
 * message, one line naming the file and line, and exits 2.
 */
export class ContractParseError extends Error {
  override name = "ContractParseError";
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, reason: string) {
    super(`${file}${line === undefined ? "" : `:${line}`}: ${reason}`);
    this.file = file;
    this.line = line;
  }
}
