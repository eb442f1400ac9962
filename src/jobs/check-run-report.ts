import { headline, renderMarkdown, type Verdict } from "../c4/index.ts";
import type { CheckRunReport } from "../github/check-run.ts";
import { commandHelpFooter } from "./commands.ts";

export interface ReportContext {
  dryRun: boolean;
  /** The bot is about to merge this head. */
  merging: boolean;
  /** Paragraphs shown under the verdict (config warnings, mergeability...). */
  notes: string[];
}

/** The `C4` check run for a verdict: title, Markdown summary and conclusion. */
export function checkRunReport(verdict: Verdict, context: ReportContext): CheckRunReport {
  const summary = [renderMarkdown(verdict), ...context.notes, commandHelpFooter].join("\n\n");
  if (verdict.draft) {
    // A draft is no fault: neutral, not red, and it is never merged.
    return { title: headline(verdict), summary, conclusion: "neutral" };
  }
  const title =
    verdict.decision === "merge"
      ? context.dryRun
        ? "Correct patch (dry run: c4bot merges nothing)"
        : context.merging
          ? "Correct patch: merging"
          : "Correct patch"
      : headline(verdict);
  return {
    title,
    summary,
    conclusion:
      verdict.decision === "merge" ? "success" : verdict.decision === "reject" ? "failure" : null,
  };
}
