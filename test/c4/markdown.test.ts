import { describe, expect, it } from "vitest";
import {
  markdownCell,
  markdownCode,
  markdownCodeBlock,
  markdownText,
} from "../../src/c4/markdown.ts";

describe("markdownText", () => {
  it.each([
    [
      "an image",
      "![x](https://tracker.example/p.png)",
      "!\\[x\\](https\\://tracker.example/p.png)",
    ],
    ["a link", "[click](https://evil.example)", "\\[click\\](https\\://evil.example)"],
    ["a bare URL", "see https://evil.example", "see https\\://evil.example"],
    ["a www. autolink", "go to www.evil.example", "go to www\\.evil.example"],
    ["an autolink", "<https://evil.example>", "&lt;https\\://evil.example&gt;"],
    ["HTML", '<img src="x"> & co', '&lt;img src="x"&gt; &amp; co'],
    ["emphasis and code", "*a* _b_ `c` ~~d~~", "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~"],
    ["a backslash", "a\\b", "a\\\\b"],
    ["a table pipe", "x | y", "x \\| y"],
    ["a heading on a new line", "one\n# two\r\n- three", "one # two - three"],
  ])("escapes %s", (_name, text, escaped) => {
    expect(markdownText(text)).toBe(escaped);
  });

  it("leaves ordinary prose alone, underscores inside words too", () => {
    const prose = 'Problem: zmq_poll leaks (again), 50% of the time; "why?"';
    expect(markdownText(prose)).toBe(prose);
  });
});

describe("markdownCell", () => {
  it("keeps line breaks as <br>, each line escaped", () => {
    expect(markdownCell("one [x](y)\ntwo <b>")).toBe("one \\[x\\](y)<br>two &lt;b&gt;");
  });
});

describe("markdownCode", () => {
  it.each([
    ["main", "`main`"],
    ["we`ird", "``we`ird``"],
    ["`edge", "`` `edge ``"],
  ])("%s", (text, code) => {
    expect(markdownCode(text)).toBe(code);
  });
});

describe("markdownCodeBlock", () => {
  it("uses a fence longer than any backtick run inside", () => {
    expect(markdownCodeBlock("plain")).toBe("```text\nplain\n```");
    expect(markdownCodeBlock("```\n# not a heading\n```")).toBe(
      "````text\n```\n# not a heading\n```\n````",
    );
  });
});
