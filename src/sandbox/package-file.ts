import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * The path of a file inside an installed package, even one its `exports` map
 * hides (`@octokit/graphql-schema/schema.graphql` is not exported).
 */
export function packageFile(name: string, file: string): string {
  const dirs = createRequire(import.meta.url).resolve.paths(name) ?? [];
  for (const dir of dirs) {
    const candidate = join(dir, name, file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`[c4bot sandbox] ${name}/${file} is not installed`);
}
