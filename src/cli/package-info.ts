import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The package's root: this module is `src/cli/` when run from source (tests)
 * and `dist/cli/` when built, two levels below the root either way.
 */
export const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The built bin, which the commit-msg hook runs even when we run from source. */
export const builtCliPath = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** The version in package.json, read at run time (it lies outside `rootDir`). */
export function packageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}
