/** The comment commands c4bot understands on pull requests. */
export type Command =
  | { name: "recheck" }
  | { name: "merge"; reason: string }
  | { name: "help"; unknown?: string };

/** Parses the first line of a comment that starts with `/c4`. */
export function parseCommand(body: string): Command | null {
  const line = body.trimStart().split(/\r?\n/)[0] ?? "";
  const match = /^\/c4(?:\s+(\S+))?(?:\s+(.*))?$/i.exec(line.trim());
  if (!match) return null;
  const [, word = "", rest = ""] = match;
  switch (word.toLowerCase()) {
    case "recheck":
      return { name: "recheck" };
    case "merge":
      return { name: "merge", reason: rest.trim() };
    case "":
    case "help":
      return { name: "help" };
    default:
      return { name: "help", unknown: word };
  }
}

export const commandHelp = [
  "c4bot understands:",
  "",
  "- `/c4 recheck`: check this pull request again (anyone).",
  "- `/c4 merge <reason>`: merge it even though it is not a correct patch, recording the reason (maintainers only; C4 2.4.16: to end a fruitless discussion, to keep a toxic patch in the history, or to coach a contributor).",
  "- `/c4 help`: this list.",
].join("\n");

/** The comment commands, folded away at the end of every `C4` check run. */
export const commandHelpFooter = `<details><summary>Comment commands</summary>\n\n${commandHelp}\n\n</details>`;
