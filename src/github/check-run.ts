import type { GitHubClient } from "./client.ts";

/** GitHub refuses check run output longer than this (characters). */
const OUTPUT_LIMIT = 65_535;

/** A button on a check run: clicking it sends the app `check_run` `requested_action`. */
export interface CheckRunButton {
  /** At most 20 characters (GitHub's limit). */
  label: string;
  /** At most 40 characters. */
  description: string;
  /** At most 20 characters: what the webhook names the button by. */
  identifier: string;
}

export interface CheckRunReport {
  title: string;
  summary: string;
  text?: string;
  /** null while waiting: the run shows as in progress. */
  conclusion: "success" | "failure" | "neutral" | "action_required" | null;
  /**
   * GitHub's `external_id`: c4bot keeps there the fingerprint of the inputs a
   * settled verdict was made from, so a sweep can tell what changed since
   * (src/jobs/evaluation-inputs.ts); empty when the verdict may change alone.
   */
  externalId?: string;
  /**
   * The buttons (at most three). The snapshot cannot read them back, so a
   * run that otherwise reads the same is not rewritten for them: they follow
   * from the verdict, which the title and conclusion already carry.
   */
  actions?: CheckRunButton[];
}

/** The check run as GitHub has it now (lower-case status and conclusion). */
export interface ExistingCheckRun {
  id: number;
  status: string;
  conclusion: string | null;
  title: string | null;
  summary: string | null;
  text: string | null;
  externalId: string | null;
}

export interface CheckRunTarget {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  /** The run to update in place, when one exists for this head. */
  id: number | null;
  /** How that run reads now, when known: a write that changes nothing is not sent. */
  existing?: ExistingCheckRun | null;
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
  const output = {
    title: clip(report.title, 255),
    summary: clip(report.summary, OUTPUT_LIMIT),
    ...(report.text ? { text: clip(report.text, OUTPUT_LIMIT) } : {}),
  };
  // GitHub's budget is c4bot's ceiling: 80 writes a minute per installation.
  if (target.id !== null && target.existing && reads(target.existing, report, output)) {
    return target.id;
  }
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
    external_id: report.externalId ?? "",
    output,
    ...(report.actions ? { actions: report.actions } : {}),
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

/** Whether the run already reads as `report` would write it. */
function reads(
  existing: ExistingCheckRun,
  report: CheckRunReport,
  output: { title: string; summary: string; text?: string },
): boolean {
  const status = report.conclusion ? "completed" : "in_progress";
  return (
    existing.status === status &&
    existing.conclusion === report.conclusion &&
    existing.title === output.title &&
    existing.summary === output.summary &&
    (existing.text ?? "") === (output.text ?? "") &&
    (existing.externalId ?? "") === (report.externalId ?? "")
  );
}

function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const note = "\n\n… (cut: GitHub limits check run output)";
  return text.slice(0, limit - note.length) + note;
}
