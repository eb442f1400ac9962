import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { curveKeyPair } from "zeromq";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";

const usage = `Usage:
  c4bot keygen [--out FILE]

Makes a CurveZMQ key pair (Z85 text) for the broker (\`c4bot serve\` with
C4BOT_BIND) or for a remote worker (\`c4bot worker --curve-keys FILE\`).
Prints {"publicKey", "secretKey"} as JSON; with --out, writes it to FILE
(mode 0600) and prints only the public key, the half to share.

Options:
  --out FILE   write the key pair to FILE instead of printing the secret key
  -h, --help   show this help
`;

export const keygenCommand: Command = {
  name: "keygen",
  summary: "make a CurveZMQ key pair for the broker or a remote worker",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("keygen", {
      args: argv,
      options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    // A public key is passed as `c4bot worker --broker-key KEY`, where one
    // beginning with "-" reads as an option: draw again (1 pair in 85).
    let { publicKey, secretKey } = curveKeyPair();
    while (publicKey.startsWith("-")) ({ publicKey, secretKey } = curveKeyPair());
    const json = `${JSON.stringify({ publicKey, secretKey }, null, 2)}\n`;
    if (values.out === undefined) {
      io.stdout(json);
      return 0;
    }
    const out = resolve(io.cwd, values.out);
    try {
      await writeFile(out, json, { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another pair's secret key may be in use there: never overwrite it.
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        throw new UsageError(`c4bot keygen: ${out} exists: not overwritten (choose another --out)`);
      }
      throw error;
    }
    io.stderr(`c4bot keygen: wrote ${out}\n`);
    io.stdout(`${publicKey}\n`);
    return 0;
  },
};
