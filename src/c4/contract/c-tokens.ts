const TOKEN =
  /[A-Za-z_]\w*|0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[uUlLfF]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\.\.\.|->|<<|>>|&&|\|\||[<>=!]=|\S/g;

/** C tokens: whitespace is never part of a contract. */
export function cTokens(code: string): string[] {
  return code.match(TOKEN) ?? [];
}

export function isIdentifier(token: string | undefined): token is string {
  return token !== undefined && /^[A-Za-z_]\w*$/.test(token);
}

/** Tokens joined the one way, so `void*s` and `void * s` read the same. */
export function joinTokens(tokens: readonly string[]): string {
  return tokens.join(" ");
}

/** The index of the bracket that closes the one at `open`, or -1. */
export function closingIndex(tokens: readonly string[], open: number): number {
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  const opener = tokens[open] as string;
  const closer = pairs[opener];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === opener) depth++;
    else if (tokens[i] === closer && --depth === 0) return i;
  }
  return -1;
}

/** Splits at commas outside brackets: parameters, enum members. */
export function splitTopLevel(tokens: readonly string[], separator = ","): string[][] {
  const parts: string[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (token === "(" || token === "[" || token === "{") depth++;
    if (token === ")" || token === "]" || token === "}") depth--;
    if (token === separator && depth === 0) parts.push([]);
    else parts[parts.length - 1]?.push(token);
  }
  return parts.filter((part) => part.length > 0);
}
