import { describe, expect, it } from "vitest";
import type { Verdict } from "../../src/c4/index.ts";
import {
  buttonIdentifier,
  checkRunButtons,
  parseButtonIdentifier,
} from "../../src/jobs/check-run-buttons.ts";

const verdict = (decision: Verdict["decision"]) =>
  ({ decision, correct: decision === "merge", results: [] }) as unknown as Verdict;

describe("checkRunButtons", () => {
  it.each([
    ["a rejected patch", { verdict: verdict("reject"), merging: false, dryRun: false }, 2],
    ["a patch waiting", { verdict: verdict("wait"), merging: false, dryRun: false }, 2],
    ["a correct patch", { verdict: verdict("merge"), merging: true, dryRun: false }, 1],
    ["a dry run", { verdict: verdict("reject"), merging: false, dryRun: true }, 1],
    ["a forced merge under way", { verdict: verdict("reject"), merging: true, dryRun: false }, 1],
    ["a broken config", null, 1],
  ])("offers %s the buttons it needs", (_name, held, count) => {
    const buttons = checkRunButtons(12, held);
    expect(buttons.map((button) => button.label)).toEqual(
      ["Check again", "Merge anyway"].slice(0, count),
    );
  });

  it("stays within GitHub's limits for the largest number it encodes", () => {
    const held = { verdict: verdict("reject"), merging: false, dryRun: false };
    for (const button of checkRunButtons(999_999_999_999, held)) {
      expect(button.label.length).toBeLessThanOrEqual(20);
      expect(button.identifier.length).toBeLessThanOrEqual(20);
      expect(button.description.length).toBeLessThanOrEqual(40);
    }
  });
});

describe("parseButtonIdentifier", () => {
  it("reads back what buttonIdentifier wrote", () => {
    expect(parseButtonIdentifier(buttonIdentifier("merge", 7))).toEqual({
      name: "merge",
      number: 7,
    });
    expect(parseButtonIdentifier(buttonIdentifier("recheck", 123))).toEqual({
      name: "recheck",
      number: 123,
    });
  });

  it.each(["lgtm|3", "merge:0", "merge:", "merge:12x", "recheck:-1", "merge:1234567890123"])(
    "refuses %j",
    (identifier) => {
      expect(parseButtonIdentifier(identifier)).toBeNull();
    },
  );
});
