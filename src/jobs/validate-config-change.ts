import { parseConfig, REPO_CONFIG_FILE } from "../c4/index.ts";
import type { GitHubClient } from "../github/client.ts";
import { statusOf } from "../github/errors.ts";
import { problemsBlock } from "./config-for-pull.ts";

/** Checks the `.github/c4.yml` a pull request brings, so a broken one never lands. */
export async function validateConfigChange(
  github: GitHubClient,
  target: { owner: string; repo: string },
  headSha: string,
): Promise<{ ok: boolean; note: string }> {
  let text: string;
  try {
    const { data } = await github.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: target.owner,
      repo: target.repo,
      path: REPO_CONFIG_FILE,
      ref: headSha,
    });
    if (Array.isArray(data) || data.type !== "file" || !("content" in data)) {
      return {
        ok: false,
        note: `❌ This patch makes \`${REPO_CONFIG_FILE}\` something other than a file.`,
      };
    }
    text = Buffer.from(data.content, "base64").toString("utf8");
  } catch (error) {
    if (statusOf(error) === 404) {
      return {
        ok: true,
        note: `ℹ️ This patch removes \`${REPO_CONFIG_FILE}\`: the defaults would apply.`,
      };
    }
    throw error;
  }
  const parsed = parseConfig(text, REPO_CONFIG_FILE);
  if (!parsed.ok) {
    return {
      ok: false,
      note: `❌ This patch changes \`${REPO_CONFIG_FILE}\`, and the new file is invalid; c4bot would stop working in this repository:\n\n${problemsBlock(parsed.errors)}`,
    };
  }
  const warnings =
    parsed.warnings.length > 0 ? `, with warnings:\n\n${problemsBlock(parsed.warnings)}` : ".";
  return {
    ok: true,
    note: `✅ This patch changes \`${REPO_CONFIG_FILE}\`; the new file is valid${warnings}`,
  };
}
