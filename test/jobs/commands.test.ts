import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/jobs/commands.ts";

describe("parseCommand", () => {
  it.each([
    ["/c4 recheck", { name: "recheck" }],
    ["  /C4 Recheck\nplease", { name: "recheck" }],
    [
      "/c4 merge to end a fruitless discussion",
      { name: "merge", reason: "to end a fruitless discussion" },
    ],
    ["/c4 merge", { name: "merge", reason: "" }],
    ["/c4", { name: "help" }],
    ["/c4 help", { name: "help" }],
    ["/c4 deploy now", { name: "help", unknown: "deploy" }],
    ["/c4merge", null],
    ["please /c4 recheck", null],
  ])("%j", (body, expected) => {
    expect(parseCommand(body)).toEqual(expected);
  });
});

describe("the comment commands in the check run's own help (issue 21)", () => {
  it("ends every C4 check run's summary with them", async () => {
    const { checkRunReport } = await import("../../src/jobs/check-run-report.ts");
    const report = checkRunReport(
      { decision: "merge", correct: true, results: [] },
      { dryRun: false, merging: false, notes: [] },
    );
    expect(report.summary).toMatch(/<summary>Comment commands<\/summary>/);
    for (const command of ["/c4 recheck", "/c4 merge <reason>", "/c4 help"]) {
      expect(report.summary).toContain(`\`${command}\``);
    }
  });
});
