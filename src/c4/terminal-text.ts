/**
 * Outside text (commit subjects, message files, PR titles, branch names)
 * made safe for a terminal (issue 21): a commit whose subject holds
 * `ESC[2J` must not clear the maintainer's screen. Every C0 control but
 * newline and tab, DEL, and every C1 control (U+0080-U+009F, which some
 * terminals read as ESC sequences too) is replaced by a visible stand-in,
 * so the reader sees that something was there. Bidirectional overrides
 * ("Trojan Source", CVE-2021-42574) go the same way: they reorder what
 * the terminal shows.
 */
const controlClass =
  "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]";
const controls = new RegExp(controlClass, "g");

/** The text with every control character but `\n` and `\t` made visible and inert. */
export function terminalText(text: string): string {
  return text.replace(controls, visible);
}

/**
 * Colour codes (SGR: `ESC[` digits `m`), the one escape sequence c4bot
 * writes itself, survive; any other control is made inert as above. For a
 * whole output stream whose outside parts were already passed through
 * `terminalText`.
 */
const controlsButColour = new RegExp(`\\u001b\\[[0-9;]*m|${controlClass}`, "g");

export function terminalOutput(text: string): string {
  return text.replace(controlsButColour, (match) => (match.length > 1 ? match : visible(match)));
}

/** U+2400 "Control Pictures" for C0 and DEL (␛ for ESC); U+FFFD for the rest. */
function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return "\ufffd";
}
