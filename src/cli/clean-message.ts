/**
 * git's `--cleanup=scissors` marker: the commit template puts everything under
 * it (the diff of `git commit -v`), and git drops it from the message.
 */
const scissors = " ------------------------ >8 ------------------------";

/**
 * The message git will store, from the file a `commit-msg` hook receives: the
 * hook runs BEFORE git's own cleanup, so the file still holds comment lines,
 * the scissors section and stray blank lines. Mirrors git's default `strip`
 * cleanup: cut at the scissors line, drop comment lines, strip trailing
 * whitespace, collapse runs of blank lines, and drop leading/trailing ones.
 */
export function cleanMessage(text: string, commentChar = "#"): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const kept: string[] = [];
  for (const line of lines) {
    if (line === `${commentChar}${scissors}`) break;
    if (line.startsWith(commentChar)) continue;
    const trimmed = line.trimEnd();
    if (trimmed === "" && (kept.length === 0 || kept[kept.length - 1] === "")) continue;
    kept.push(trimmed);
  }
  while (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  return kept.length > 0 ? `${kept.join("\n")}\n` : "";
}
