import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../src/c4/rules/index.ts";
import { rfc42Clauses } from "./fixtures/rfc42-clauses.ts";

/**
 * Every place c4bot quotes C4 (`C4 2.3.7: "..."` in a comment, a message or
 * the docs) must quote RFC 42 word for word, under the right number.
 */
const root = new URL("../../", import.meta.url).pathname;

function files(dir: string, ext: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(ext))
    .map((name) => join(dir, name));
}

/** One line of prose: comment markers, Markdown links and emphasis gone. */
function prose(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/^\s*(?:\/\*\*|\*\/|\*|\/\/)\s?/, ""))
    .join(" ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\*\*/g, "")
    .replace(/\s+/g, " ");
}

interface Quote {
  file: string;
  clause: string;
  text: string;
}

/**
 * `2.4.13: "..."`: a clause number, a colon, then the quote up to its closing
 * mark: the first `"` before a space, a stop or a bracket that leaves the
 * quote's brackets balanced (2.3.7 itself holds `("Problem: ...")`).
 */
function quotesIn(file: string, text: string): Quote[] {
  const line = prose(text);
  const quotes: Quote[] = [];
  for (const match of line.matchAll(/\b(2\.[1-7]\.\d{1,2}):\s*"/g)) {
    const start = (match.index ?? 0) + match[0].length;
    for (const close of line.slice(start).matchAll(/"(?=[\s.;,)'`]|$)/g)) {
      const quoted = line.slice(start, start + (close.index ?? 0));
      if (count(quoted, "(") === count(quoted, ")")) {
        quotes.push({ file, clause: match[1] ?? "", text: quoted });
        break;
      }
    }
  }
  return quotes;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** A quote may drop the clause's last full stop or end in an ellipsis where it is cut. */
function fits(quote: Quote): boolean {
  const clause = rfc42Clauses[quote.clause];
  if (clause === undefined) return false;
  const cut = quote.text.replace(/(?:\.\.\.|…)$/, "").replace(/\.$/, "");
  return clause.includes(cut);
}

const sources = [...files("src", ".ts"), ...files("docs", ".md")];
const quotes = sources.flatMap((file) => quotesIn(file, readFileSync(join(root, file), "utf8")));

describe("quotes of C4", () => {
  it("finds the quotes (the rules' doc comments and docs/rules.md at least)", () => {
    expect(
      quotes.filter((quote) => quote.file.startsWith("src/c4/rules/")).length,
    ).toBeGreaterThanOrEqual(7);
    expect(quotes.filter((quote) => quote.file === "docs/rules.md").length).toBeGreaterThanOrEqual(
      7,
    );
  });

  it.each(quotes.map((quote) => [`${quote.file} ${quote.clause}`, quote] as const))(
    "%s quotes RFC 42 word for word",
    (_, quote) => {
      expect(fits(quote), `"${quote.text}" is not in C4 ${quote.clause}`).toBe(true);
    },
  );

  it.each(rules.map((rule) => [rule.id, rule] as const))(
    "%s quotes its own clause in its doc comment",
    (id, rule) => {
      const source = readFileSync(join(root, `src/c4/rules/${id}.ts`), "utf8");
      expect(quotesIn(id, source).map((quote) => quote.clause)).toContain(rule.clause);
    },
  );

  it("catches a misquote", () => {
    const [quote] = quotesIn(
      "x",
      ' * C4 2.4.7: "To submit a patch, a Contributor SHALL create a fork."',
    );
    expect(quote && fits(quote)).toBe(false);
  });
});
