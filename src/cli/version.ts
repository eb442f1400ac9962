import type { Command } from "./command.ts";
import { packageVersion } from "./package-info.ts";

export const versionCommand: Command = {
  name: "version",
  summary: "print the version of c4bot",
  usage: "Usage:\n  c4bot version     (also: c4bot --version)\n",
  async run(_argv, io) {
    io.stdout(`c4bot ${packageVersion()}\n`);
    return 0;
  },
};
