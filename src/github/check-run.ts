import type { GitHubClient } from "./client.ts";

/** GitHub refuses check run output longer than this (characters). */
const OUTPUT_LIMIT = 65_535;

export interface CheckRunReport {
  title: string;
  summary: string;
  text?: string;
  /** null while waiting: the run shows as in progress. */
  conclusion: "success" | "failure" | "neutral" | "action_required" | null;
}

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  /** The run to update in place, when one exists for this head. */
  id: number | null;
}

/**
 * Writes the check run: one per head SHA, updated in place, so a pull request
 * shows one current `C4` verdict rather than a history of them. Returns its id.
 */
export async function writeCheckRun(
  github: GitHubClient,
  target: CheckRunTarget,
  report: CheckRunReport,
): Promise<number> {
  const body = {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    ...(report.conclusion
      ? {
          status: "completed" as const,
          conclusion: report.conclusion,
          completed_at: new Date().toISOString(),
        }
      : { status: "in_progress" as const }),
    output: {
      title: clip(report.title, 255),
      summary: clip(report.summary, OUTPUT_LIMIT),
      ...(report.text ? { text: clip(report.text, OUTPUT_LIMIT) } : {}),
    },
  };
  if (target.id !== null) {
    await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...body,
      check_run_id: target.id,
    });
    return target.id;
  }
  const created = await github.request("POST /repos/{owner}/{repo}/check-runs", {
    ...body,
    head_sha: target.headSha,
  });
  return Number(created.data.id);
}

function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n… (cut: GitHub limits check run output)";
  return text.slice(0, limit - note.length) + note;
}
