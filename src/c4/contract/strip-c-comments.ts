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
  const flush = () => {
    lines.push({ code, comment: comment.trim(), line: startLine });
    code = "";
    comment = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (ch === "\r") continue;
    if (ch === "\n") {
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
    switch (mode) {
      case "block":
        if (ch === "*" && next === "/") {
          mode = "code";
          code += " ";
          i++;
        } else comment += ch;
        continue;
      case "line":
        comment += ch;
        continue;
      case "string":
      case "char":
        code += ch;
        if (ch === "\\" && next !== undefined && next !== "\n") {
          code += next;
          i++;
        } else if (ch === (mode === "string" ? '"' : "'")) mode = "code";
        continue;
      default:
        if (ch === "/" && next === "*") {
          mode = "block";
          i++;
        } else if (ch === "/" && next === "/") {
          mode = "line";
          i++;
        } else {
          if (ch === '"') mode = "string";
          else if (ch === "'") mode = "char";
          code += ch;
        }
    }
  }
  if (code !== "" || comment !== "") flush();
  return lines;
}
