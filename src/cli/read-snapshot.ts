import { readFile } from "node:fs/promises";
import { type PullSnapshot, pullSnapshotSchema } from "../c4/index.ts";
import { UsageError } from "./usage-error.ts";

/**
 * A pull request snapshot from a JSON file, validated at the boundary; a bad
 * file is a UsageError listing every wrong path, not a stack trace.
 */
export async function readSnapshot(file: string): Promise<PullSnapshot> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`c4bot check: cannot read --snapshot ${file}: ${reason}`);
  }
  const result = pullSnapshotSchema.safeParse(data);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`,
    );
    throw new UsageError(
      `c4bot check: ${file} is not a valid pull request snapshot:\n${lines.join("\n")}`,
    );
  }
  return result.data;
}
