/** Small text helpers the rules share. */

/** Git stores what it was given: normalise CRLF and trailing blanks before reading a message. */
export function messageLines(message: string): string[] {
  const lines = message
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd());
  while (lines.length > 0 && lines[0] === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Whether `line` starts with `prefix`, ignoring case unless asked not to. */
export function startsWithPrefix(line: string, prefix: string, caseSensitive: boolean): boolean {
  const head = line.slice(0, prefix.length);
  return caseSensitive ? head === prefix : head.toLowerCase() === prefix.toLowerCase();
}

const asciiOnly = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Length in characters as a person counts them: grapheme clusters, so an
 * emoji with a skin tone or a decomposed "é" (e + U+0301) is one character.
 */
export function characterCount(text: string): number {
  // Segmenting costs tens of microseconds a line; ASCII, most subjects, needs none.
  if (asciiOnly.test(text)) return text.length;
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** A short sha, as git prints it. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

/** "1 commit", "2 commits". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Cuts `text` to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
