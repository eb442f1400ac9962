import { type Declaration, readDeclaration } from "./c-declaration.ts";
import { closingIndex, cTokens, isIdentifier, joinTokens } from "./c-tokens.ts";
import type { ContractState, ContractSymbol } from "./contract-symbol.ts";
import { stripCComments } from "./strip-c-comments.ts";

export interface HeaderOptions {
  /** The macro that guards draft declarations; default: any `*_BUILD_DRAFT_API`. */
  draft?: string;
}

/**
 * Declarations already read, by their tokens: the two revisions of a header
 * share nearly all of theirs, so the second is read at a fraction of the cost.
 */
export type DeclarationMemo = Map<string, Declaration>;

/** What an `#if` line opened: draft declarations, C++-only text, or anything else. */
type Frame = "draft" | "not-draft" | "skip" | "other";

/**
 * Lists the public symbols of a C header and their states (C4 2.6): what sits
 * inside `#ifdef <X>_BUILD_DRAFT_API` is draft, what a nearby comment or a
 * `*_DEPRECATED` macro marks is deprecated, the rest is stable. Functions,
 * macros, typedefs, enum constants, structs and extern variables are symbols;
 * a name declared in several `#if` branches (per platform) keeps them all.
 */
export function parseHeader(
  text: string,
  options: HeaderOptions = {},
  memo: DeclarationMemo = new Map(),
): ContractSymbol[] {
  const isDraft = (name: string) =>
    options.draft ? name === options.draft : /^\w+_BUILD_DRAFT_API$/.test(name);
  const frames: Frame[] = [];
  const found = new Map<string, ContractSymbol>();
  const add = (symbol: ContractSymbol) => {
    const known = found.get(symbol.symbol);
    if (!known) found.set(symbol.symbol, symbol);
    else if (!known.signature.split(" | ").includes(symbol.signature)) {
      known.signature = `${known.signature} | ${symbol.signature}`;
    }
  };
  let deprecatedSection = false;
  let inComment = false;
  const statement = new StatementSplitter();
  let statementState: ContractState = "stable";

  for (const line of stripCComments(text)) {
    const code = line.code.trim();
    if (code === "") {
      // A comment heading starts a section ("Deprecated aliases"); a blank line ends it.
      if (line.comment === "" || !inComment) deprecatedSection = false;
      if (/deprecat/i.test(line.comment)) deprecatedSection = true;
      inComment = line.comment !== "";
      continue;
    }
    inComment = false;
    const skipping = frames.includes("skip");
    const draft = frames.includes("draft");
    const deprecatedHere = deprecatedSection || /deprecat/i.test(line.comment);
    const state: ContractState = draft ? "draft" : deprecatedHere ? "deprecated" : "stable";
    if (code.startsWith("#")) {
      const macro = directive(code, frames, isDraft);
      if (macro && !skipping) add({ ...macro, state });
      continue;
    }
    if (skipping) continue;
    if (statement.isEmpty()) statementState = state;
    else if (deprecatedHere && statementState === "stable") statementState = "deprecated";
    statement.push(cTokens(code), (tokens) => {
      const key = tokens.join(" ");
      let declaration = memo.get(key);
      if (!declaration) {
        declaration = readDeclaration(tokens);
        memo.set(key, declaration);
      }
      const { declared, deprecated } = declaration;
      const own = deprecated && statementState === "stable" ? "deprecated" : statementState;
      for (const symbol of declared) add({ ...symbol, state: own });
    });
  }
  return [...found.values()];
}

/**
 * Cuts a stream of tokens into complete top-level declarations (up to a `;`
 * outside braces, or a closing brace that ends a function body). Each line's
 * tokens are scanned once, so a 300-member enum costs 300 lines, not 300².
 */
class StatementSplitter {
  private tokens: string[] = [];
  private scanned = 0;
  private depth = 0;

  isEmpty(): boolean {
    return this.tokens.length === 0;
  }

  push(more: readonly string[], emit: (tokens: string[]) => void): void {
    const tokens = this.tokens;
    for (const token of more) tokens.push(token);
    let start = 0;
    for (let i = nextBracing(tokens, this.scanned); i !== -1; i = nextBracing(tokens, i + 1)) {
      const token = tokens[i];
      if (token === "{") {
        // `extern "C" {` wraps declarations; it is no declaration itself.
        if (this.depth === 0 && tokens[i - 1] === '"C"' && tokens[i - 2] === "extern") {
          start = i + 1;
          continue;
        }
        this.depth++;
      } else if (token === "}") {
        if (this.depth === 0) {
          start = i + 1;
          continue;
        }
        this.depth--;
        const opener = tokens.lastIndexOf("{", i);
        if (this.depth === 0 && tokens[opener - 1] === ")" && tokens[i + 1] !== ";") {
          emit(tokens.slice(start, i + 1));
          start = i + 1;
        }
      } else if (token === ";" && this.depth === 0) {
        emit(tokens.slice(start, i + 1));
        start = i + 1;
      }
    }
    // Every cut is at depth 0, so the depth carries over to what is left.
    this.tokens = start === 0 ? tokens : tokens.slice(start);
    this.scanned = this.tokens.length;
  }
}

/**
 * The index of the next `{`, `}` or `;` from `from`, or -1: three native
 * searches instead of a look at every token.
 */
function nextBracing(tokens: readonly string[], from: number): number {
  let next = -1;
  for (const mark of BRACING) {
    const at = tokens.indexOf(mark, from);
    if (at !== -1 && (next === -1 || at < next)) next = at;
  }
  return next;
}

const BRACING = ["{", "}", ";"];

/** Follows `#if` nesting; returns the symbol a `#define` declares, if any. */
function directive(
  code: string,
  frames: Frame[],
  isDraft: (name: string) => boolean,
): { symbol: string; kind: "macro"; signature: string } | undefined {
  const [, word = "", rest = ""] = /^#\s*(\w+)\s*(.*)$/.exec(code) ?? [];
  if (word === "define") return defineOf(rest);
  const names = rest.match(/[A-Za-z_]\w*/g) ?? [];
  const mentionsDraft = names.some(isDraft);
  switch (word) {
    case "ifdef":
      frames.push(names[0] === "__cplusplus" ? "skip" : mentionsDraft ? "draft" : "other");
      return undefined;
    case "ifndef":
      frames.push(mentionsDraft ? "not-draft" : "other");
      return undefined;
    case "if": {
      if (/^0\b/.test(rest) || /^defined\s*\(?\s*__cplusplus\b/.test(rest)) frames.push("skip");
      else if (mentionsDraft) frames.push(/!\s*defined/.test(rest) ? "not-draft" : "draft");
      else frames.push("other");
      return undefined;
    }
    case "else": {
      const top = frames.pop();
      frames.push(top === "draft" ? "not-draft" : top === "not-draft" ? "draft" : "other");
      return undefined;
    }
    case "elif":
      frames.pop();
      frames.push(mentionsDraft ? "draft" : "other");
      return undefined;
    case "endif":
      frames.pop();
      return undefined;
    default:
      return undefined;
  }
}

function defineOf(rest: string): { symbol: string; kind: "macro"; signature: string } | undefined {
  const tokens = cTokens(rest);
  const name = tokens[0];
  if (!isIdentifier(name)) return undefined;
  // An include guard (`#define __ZMQ_H_INCLUDED__`) is no part of the contract.
  if (tokens.length === 1 && /_H(?:_INCLUDED)?_*$/.test(name)) return undefined;
  const functionLike = tokens[1] === "(" && rest.slice(name.length).startsWith("(");
  if (!functionLike) return { symbol: name, kind: "macro", signature: joinTokens(tokens.slice(1)) };
  const close = closingIndex(tokens, 1);
  return {
    symbol: name,
    kind: "macro",
    signature: `(${joinTokens(tokens.slice(2, close))}) ${joinTokens(tokens.slice(close + 1))}`,
  };
}
