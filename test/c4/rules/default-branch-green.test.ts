import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/c4/evaluate.ts";
import { defaultBranchGreen } from "../../../src/c4/rules/default-branch-green.ts";
import { check, config, snapshot } from "../fixtures.ts";

const red = check({ name: "linux", conclusion: "failure" });

describe("default-branch-green", () => {
  it.each([
    ["green", [check()], "pass"],
    ["no CI", [], "pass"],
    ["still running", [check({ status: "in_progress", conclusion: null })], "pass"],
    ["red", [check(), red], "pending"],
    [
      "red, then re-run green",
      [
        check({ name: "linux", conclusion: "failure", at: "2024-05-10T09:00:00Z" }),
        check({ name: "linux", at: "2024-05-10T09:30:00Z" }),
      ],
      "pass",
    ],
    ["only c4bot's own check red", [check({ name: "C4", conclusion: "failure" })], "pass"],
  ])("%s default branch: %s", (_name, defaultBranchChecks, outcome) => {
    const result = defaultBranchGreen.evaluate(snapshot({ defaultBranchChecks }), config());
    expect(result.outcome).toBe(outcome);
  });

  it("says the branch is red and how the fix gets in", () => {
    const result = defaultBranchGreen.evaluate(snapshot({ defaultBranchChecks: [red] }), config());
    expect(result.message).toBe(
      'master is red ("linux" failed on its head), so merging waits until it builds again.',
    );
    expect(result.fix).toContain("/c4 merge fixes the red build");
  });

  it("counts only the principal checks when ci-green names them", () => {
    const settings = config({ rules: { "ci-green": { principal: ["build"] } } });
    const result = defaultBranchGreen.evaluate(
      snapshot({ defaultBranchChecks: [check(), red] }),
      settings,
    );
    expect(result.outcome).toBe("pass");
  });

  it("pauses a correct patch by default, and only warns at level warn", () => {
    const paused = evaluate(snapshot({ defaultBranchChecks: [red] }), config());
    expect(paused.decision).toBe("wait");
    expect(paused.results.find((r) => r.rule === "default-branch-green")).toMatchObject({
      clause: "2.5.1",
      outcome: "pending",
      blocking: true,
    });
    const told = evaluate(
      snapshot({ defaultBranchChecks: [red] }),
      config({ rules: { "default-branch-green": "warn" } }),
    );
    expect(told.decision).toBe("merge");
  });
});
