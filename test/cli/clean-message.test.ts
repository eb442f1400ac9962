import { describe, expect, it } from "vitest";
import { cleanMessage } from "../../src/cli/clean-message.ts";

describe("cleanMessage", () => {
  it.each([
    ["keeps a clean message", "Problem: a\n\nSolution: b\n", "Problem: a\n\nSolution: b\n"],
    [
      "drops comment lines",
      "# hello\nProblem: a\n# mid\n\nSolution: b\n#\n",
      "Problem: a\n\nSolution: b\n",
    ],
    [
      "cuts at the scissors line",
      "Problem: a\n\nSolution: b\n# ------------------------ >8 ------------------------\nnot: message\n",
      "Problem: a\n\nSolution: b\n",
    ],
    [
      "strips trailing spaces and blank runs",
      "\n\nProblem: a  \n\n\n\nSolution: b\t\n\n\n",
      "Problem: a\n\nSolution: b\n",
    ],
    ["handles CRLF", "Problem: a\r\n\r\nSolution: b\r\n", "Problem: a\n\nSolution: b\n"],
    ["is empty for only comments", "# nothing\n#\n", ""],
  ])("%s", (_name, input, expected) => {
    expect(cleanMessage(input)).toBe(expected);
  });

  it("uses the given comment character", () => {
    const text =
      "; note\n# Problem: not a comment here\n;  ------------------------ >8 ------------------------\n";
    expect(cleanMessage(text, ";")).toBe("# Problem: not a comment here\n");
    const scissors = "Problem: a\n; ------------------------ >8 ------------------------\nx\n";
    expect(cleanMessage(scissors, ";")).toBe("Problem: a\n");
  });
});
