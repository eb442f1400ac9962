import { describe, expect, it } from "vitest";
import { terminalOutput, terminalText } from "../../src/c4/terminal-text.ts";

const ESC = "\u001b";

describe("terminalText", () => {
  it("makes a screen-clearing sequence visible and inert", () => {
    expect(terminalText(`Problem: x${ESC}[2J${ESC}[H`)).toBe("Problem: x␛[2J␛[H");
  });

  it.each([
    ["NUL", "\u0000", "␀"],
    ["bell", "\u0007", "␇"],
    ["carriage return", "\r", "␍"],
    ["DEL", "\u007f", "␡"],
    ["C1 CSI", "\u009b", "\ufffd"],
    ["right-to-left override", "\u202e", "\ufffd"],
    ["first strong isolate", "\u2068", "\ufffd"],
  ])("replaces %s", (_name, control, shown) => {
    expect(terminalText(`a${control}b`)).toBe(`a${shown}b`);
  });

  it("keeps newlines, tabs and ordinary Unicode", () => {
    const text = "Problem: naïve\tcafé 👋\n\nSolution: ok";
    expect(terminalText(text)).toBe(text);
  });
});

describe("terminalOutput", () => {
  it("keeps c4bot's colour codes and neutralises every other control", () => {
    expect(terminalOutput(`${ESC}[31m✗${ESC}[0m bad ${ESC}]0;title\u0007 ${ESC}[2J\n`)).toBe(
      `${ESC}[31m✗${ESC}[0m bad ␛]0;title␇ ␛[2J\n`,
    );
  });
});
