import { closingIndex, isIdentifier, joinTokens, splitTopLevel } from "./c-tokens.ts";
import type { SymbolKind } from "./contract-symbol.ts";

/** A symbol one C declaration introduces, before its state is known. */
export interface Declared {
  symbol: string;
  kind: SymbolKind;
  signature: string;
}

/** What a declaration says, besides its symbols: a deprecation macro on it. */
export interface Declaration {
  declared: Declared[];
  deprecated: boolean;
}

const TYPE_WORDS = new Set([
  "void",
  "char",
  "short",
  "int",
  "long",
  "float",
  "double",
  "signed",
  "unsigned",
  "const",
  "volatile",
  "_Bool",
  "bool",
  "struct",
  "enum",
  "union",
]);

/**
 * Reads one top-level C declaration (the tokens up to its `;`): a function
 * prototype, a typedef, an enum, a struct, or an extern variable. Parameter
 * names are dropped from signatures: libzmq renamed `socket` to `socket_`
 * throughout `zmq.h` without changing what any program compiles to.
 */
export function readDeclaration(input: string[]): Declaration {
  const { tokens, deprecated } = withoutAttributes(input);
  if (tokens[tokens.length - 1] === ";") tokens.pop();
  if (tokens.length === 0) return { declared: [], deprecated };
  if (tokens[0] === "typedef") return { declared: readTypedef(tokens.slice(1)), deprecated };
  const brace = tokens.indexOf("{");
  if (brace !== -1 && ["enum", "struct", "union"].includes(tokens[0] as string)) {
    return { declared: readTagged(tokens), deprecated };
  }
  const paren = tokens.indexOf("(");
  if (paren > 0 && isIdentifier(tokens[paren - 1]) && tokens[paren + 1] !== "*") {
    return { declared: [readFunction(tokens, paren)], deprecated };
  }
  // `struct iovec;`: a forward declaration names someone else's type.
  if (["struct", "union", "enum"].includes(tokens[0] as string) && tokens.length === 2) {
    return { declared: [], deprecated };
  }
  const name = tokens[tokens.length - 1];
  if (!isIdentifier(name)) return { declared: [], deprecated };
  const type = tokens.slice(0, -1).filter((token) => token !== "extern");
  return {
    declared: [{ symbol: name, kind: "variable", signature: joinTokens(type) }],
    deprecated,
  };
}

/** Drops `ZMQ_EXPORT`, `__attribute__((...))` and `X_DEPRECATED(...)`, noting the last. */
function withoutAttributes(input: string[]): { tokens: string[]; deprecated: boolean } {
  const tokens: string[] = [];
  let deprecated = false;
  for (let i = 0; i < input.length; i++) {
    const token = input[i] as string;
    // The cheap string tests first: this runs for every token of a header.
    const isDeprecation =
      token === "__deprecated__" ||
      (token.endsWith("DEPRECATED") && /^(?:[A-Z][A-Z0-9_]*_)?DEPRECATED$/.test(token));
    if (token.endsWith("_EXPORT") && /^[A-Z][A-Z0-9_]*_EXPORT$/.test(token)) continue;
    if (isDeprecation || token === "__attribute__" || token === "__declspec") {
      if (isDeprecation || /deprecated/i.test(input.slice(i, i + 8).join(" "))) deprecated = true;
      if (input[i + 1] === "(") i = Math.max(i, closingIndex(input, i + 1));
      continue;
    }
    tokens.push(token);
  }
  return { tokens, deprecated };
}

function readFunction(tokens: string[], paren: number): Declared {
  const close = closingIndex(tokens, paren);
  const params = tokens.slice(paren + 1, close === -1 ? tokens.length : close);
  const returns = tokens.slice(0, paren - 1).filter((token) => token !== "extern");
  return {
    symbol: tokens[paren - 1] as string,
    kind: "function",
    signature: `${joinTokens(returns)} (${parameterTypes(params)})`,
  };
}

/** `int (*name) (void *arg_)` and `void (name) (void *data_)`: a function type. */
function readTypedef(tokens: string[]): Declared[] {
  const brace = tokens.indexOf("{");
  if (brace !== -1) {
    const close = closingIndex(tokens, brace);
    const name = tokens[tokens.length - 1];
    if (!isIdentifier(name)) return [];
    const own = { symbol: name, kind: "type" as const, signature: joinTokens(tokens) };
    if (tokens[0] !== "enum") return [own];
    return [{ ...own, signature: "enum" }, ...enumMembers(tokens.slice(brace + 1, close))];
  }
  const paren = tokens.indexOf("(");
  if (paren !== -1) {
    const close = closingIndex(tokens, paren);
    const inner = tokens.slice(paren + 1, close);
    const name = inner.find(isIdentifier);
    const argsOpen = tokens.indexOf("(", close);
    if (!name || argsOpen === -1) return [];
    const args = tokens.slice(argsOpen + 1, closingIndex(tokens, argsOpen));
    const pointer = inner.includes("*") ? "*" : "";
    return [
      {
        symbol: name,
        kind: "type",
        signature: `${joinTokens(tokens.slice(0, paren))} (${pointer}) (${parameterTypes(args)})`,
      },
    ];
  }
  const name = tokens[tokens.length - 1];
  if (!isIdentifier(name)) return [];
  return [{ symbol: name, kind: "type", signature: joinTokens(tokens.slice(0, -1)) }];
}

/** `enum name { ... }` and `struct name { ... }` outside a typedef. */
function readTagged(tokens: string[]): Declared[] {
  const brace = tokens.indexOf("{");
  const close = closingIndex(tokens, brace);
  const tag = isIdentifier(tokens[1]) && tokens[1] !== "{" ? tokens[1] : undefined;
  const declared: Declared[] = [];
  if (tokens[0] === "enum") {
    declared.push(...enumMembers(tokens.slice(brace + 1, close)));
    if (tag) declared.push({ symbol: `enum ${tag}`, kind: "type", signature: "enum" });
  } else if (tag) {
    declared.push({
      symbol: `${tokens[0]} ${tag}`,
      kind: "type",
      signature: joinTokens(tokens.slice(brace, close + 1)),
    });
  }
  return declared;
}

/**
 * Each member's value, counted as the compiler does: a member without `=` is
 * the one before plus one, so inserting a member in the middle shifts every
 * value after it (a break the text of those lines never shows).
 */
function enumMembers(body: string[]): Declared[] {
  const members: Declared[] = [];
  let base = "";
  let offset = -1;
  for (const member of splitTopLevel(body)) {
    const name = member[0];
    if (!isIdentifier(name)) continue;
    const equals = member.indexOf("=");
    if (equals === -1) {
      offset++;
    } else {
      const expression = joinTokens(member.slice(equals + 1));
      const number = Number(expression);
      [base, offset] = Number.isInteger(number) ? ["", number] : [expression, 0];
    }
    const value = base === "" ? String(offset) : offset === 0 ? base : `(${base}) + ${offset}`;
    members.push({ symbol: name, kind: "enum-constant", signature: value });
  }
  return members;
}

/** The parameter list with the parameters' names dropped. */
function parameterTypes(params: string[]): string {
  return splitTopLevel(params)
    .map((param) => joinTokens(withoutName(param)))
    .join(", ");
}

function withoutName(param: string[]): string[] {
  // A function pointer parameter: `void (*fn_) (void *)`.
  const paren = param.indexOf("(");
  if (paren !== -1 && param[paren + 1] === "*" && isIdentifier(param[paren + 2])) {
    return [...param.slice(0, paren + 2), ...param.slice(paren + 3)];
  }
  const bracket = param.indexOf("[");
  const end = bracket === -1 ? param.length : bracket;
  const last = param[end - 1];
  const before = param[end - 2];
  const named =
    end >= 2 &&
    isIdentifier(last) &&
    !TYPE_WORDS.has(last) &&
    !["struct", "enum", "union"].includes(before ?? "");
  return named ? [...param.slice(0, end - 1), ...param.slice(end)] : param;
}
