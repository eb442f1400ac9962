import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/c4/evaluate.ts";
import { checkRunReport } from "../../src/jobs/check-run-report.ts";
import { commit, config, snapshot } from "../c4/fixtures.ts";

const context = { dryRun: false, merging: false, notes: [] };

describe("checkRunReport", () => {
  it("gives a draft a neutral check, never a red one, with what would block", () => {
    const verdict = evaluate(
      snapshot({ draft: true, commits: [commit({ message: "wip" })] }),
      config(),
    );
    const report = checkRunReport(verdict, context);
    expect(report.conclusion).toBe("neutral");
    expect(report.title).toBe(
      "A draft: once it is marked ready, 1 rule would hold it (commit-message).",
    );
    expect(report.summary).toContain("How to fix `commit-message`");
  });

  it("gives the same patch, ready, a failing check", () => {
    const verdict = evaluate(snapshot({ commits: [commit({ message: "wip" })] }), config());
    expect(checkRunReport(verdict, context).conclusion).toBe("failure");
  });

  it("gives a correct draft a neutral check too", () => {
    const report = checkRunReport(evaluate(snapshot({ draft: true }), config()), context);
    expect(report).toMatchObject({
      conclusion: "neutral",
      title: "A draft: nothing would block it once it is marked ready.",
    });
  });
});
