/**
 * Outside text (PR titles and bodies, commit messages, branch and check
 * names, a `/c4 merge` reason) on its way into Markdown that c4bot writes
 * to GitHub: check-run summaries, comments, issue bodies, release notes.
 * It must read as typed and never render as a link, an image, HTML or
 * formatting (issue 21): a PR body's `![x](https://tracker/pixel)` copied
 * raw into a check run would load the tracker for every maintainer.
 */

/**
 * The text as inline Markdown. Every character that can open a link, an
 * image, HTML, code or emphasis is escaped (CommonMark lets any ASCII
 * punctuation be backslash-escaped, and it then renders as itself), bare
 * URLs are kept from GitHub's autolinking, and newlines become spaces so
 * the text cannot start a heading, a list or a quote.
 */
export function markdownText(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*[\]~|]/g, "\\$&")
      // An underscore inside a word (zmq_poll) emphasises nothing in GFM.
      .replace(/(?<![a-z0-9])_|_(?![a-z0-9])/gi, "\\_")
      // GitHub's extended autolinks start at "scheme://" and "www.".
      .replace(/([a-z0-9+.-]):\/\//gi, "$1\\://")
      .replace(/\b(www)\./gi, "$1\\.")
      .replace(/\r\n?|\n/g, " ")
  );
}

/** The text in a table cell: escaped, with its line breaks kept as `<br>`. */
export function markdownCell(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map(markdownText)
    .join("<br>");
}

/** The text as a code span (a branch or tag name), whatever backticks it holds. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, " ");
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  // A span that starts or ends with a backtick needs a space inside its fence.
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The text as a fenced code block that no line of it can close. */
export function markdownCodeBlock(text: string, info = "text"): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
