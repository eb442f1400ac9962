import { describe, expect, it } from "vitest";
import { targetBranch } from "../../../src/c4/rules/target-branch.ts";
import { config, snapshot } from "../fixtures.ts";

describe("target-branch", () => {
  it.each<[string, string, string, "pass" | "fail", string]>([
    [
      "master, the default",
      "master",
      "master",
      "pass",
      "The patch targets the default branch, master.",
    ],
    ["main, the default", "main", "main", "pass", "The patch targets the default branch, main."],
    [
      "a topic branch",
      "master",
      "feature/poll",
      "fail",
      'The patch targets "feature/poll", not the default branch "master".',
    ],
    [
      "a release branch",
      "master",
      "v4.3.x",
      "fail",
      'The patch targets "v4.3.x", not the default branch "master".',
    ],
    [
      "branch names are case-sensitive",
      "master",
      "Master",
      "fail",
      'The patch targets "Master", not the default branch "master".',
    ],
  ])("%s", (_name, defaultBranch, base, outcome, message) => {
    const result = targetBranch.evaluate(
      snapshot({ repo: { defaultBranch }, base: { ref: base } }),
      config(),
    );
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    expect(result.fix).toBe(
      outcome === "pass"
        ? undefined
        : `Change the pull request's base branch to ${defaultBranch} (Edit, next to the title; or \`gh pr edit 42 --base ${defaultBranch}\`).`,
    );
  });
});
