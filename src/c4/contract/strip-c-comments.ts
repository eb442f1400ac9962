/** One line of a C file with its comments taken out and kept apart. */
export interface CodeLine {
  /** The code, comments replaced by a space; string literals kept. */
  code: string;
  /** The text of the comments on this line, joined by spaces. */
  comment: string;
  /** 1-based, in the original file: errors name it. */
  line: number;
}

/**
 * Splits C text into lines of code and comment text, so a comment-only reflow
 * changes no declaration, yet a `/* Deprecated ... *\/` note next to one is
 * still seen. Backslash-continued lines are joined (a multi-line `#define`).
 */
export function stripCComments(text: string): CodeLine[] {
  const lines: CodeLine[] = [];
  let code = "";
  let comment = "";
  let line = 1;
  let startLine = 1;
  let mode: "code" | "block" | "line" | "string" | "char" = "code";
  // Text is copied in runs, from `from` up to a change of mode, not char by
  // char: a libzmq-sized header is read in a few milliseconds.
  let from = 0;
  const take = (to: number) => {
    if (to <= from) return;
    if (mode === "block" || mode === "line") comment += text.slice(from, to);
    else code += text.slice(from, to);
  };
  const flush = () => {
    lines.push({ code, comment: comment.trim(), line: startLine });
    code = "";
    comment = "";
  };
  for (let i = 0; i < text.length; i++) {
    // Jump to the next character that can matter in this mode; the ones
    // skipped only extend the run.
    const stop = STOPS[mode];
    stop.lastIndex = i;
    const found = stop.exec(text);
    if (found === null) break;
    i = found.index;
    const ch = text.charCodeAt(i);
    if (ch === CR) {
      take(i);
      from = i + 1;
      continue;
    }
    if (ch === LF) {
      take(i);
      from = i + 1;
      line++;
      if (mode === "line") mode = "code";
      if (mode === "code" && code.endsWith("\\")) {
        code = `${code.slice(0, -1)} `;
        continue;
      }
      if (mode === "block") comment += " ";
      flush();
      startLine = line;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    switch (mode) {
      case "block":
        if (ch === STAR && next === SLASH) {
          take(i);
          mode = "code";
          code += " ";
          i++;
          from = i + 1;
        }
        continue;
      case "line":
        continue;
      case "string":
      case "char":
        // A string's text is code: the run goes on past its quotes.
        if (ch === BACKSLASH && i + 1 < text.length && next !== LF) i++;
        else if (ch === (mode === "string" ? DOUBLE_QUOTE : QUOTE)) mode = "code";
        continue;
      default:
        if (ch === SLASH && (next === STAR || next === SLASH)) {
          take(i);
          mode = next === STAR ? "block" : "line";
          i++;
          from = i + 1;
        } else if (ch === DOUBLE_QUOTE) mode = "string";
        else if (ch === QUOTE) mode = "char";
    }
  }
  take(text.length);
  if (code !== "" || comment !== "") flush();
  return lines;
}

/** Per mode, the characters that may end a run of it. */
const STOPS = {
  code: /[\r\n"'/]/g,
  block: /[\r\n]|\*\//g,
  line: /[\r\n]/g,
  string: /[\r\n"\\]/g,
  char: /[\r\n'\\]/g,
};

const CR = 13;
const LF = 10;
const STAR = 42;
const SLASH = 47;
const BACKSLASH = 92;
const DOUBLE_QUOTE = 34;
const QUOTE = 39;
