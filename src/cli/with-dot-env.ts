import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

type Env = Record<string, string | undefined>;

/**
 * The environment, with `DIR/.env` underneath it: Probot's manifest flow
 * (`npm run setup`) writes the new app's credentials there. Variables set in
 * the real environment win, as with Node's `--env-file`.
 */
export function withDotEnv(dir: string, env: Env): Env {
  const file = join(dir, ".env");
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, "utf8")), ...env };
}
