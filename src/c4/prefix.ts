/**
 * Reading `Problem:` and `Solution:` the way people type them. Of 539 real
 * messages libzmq and czmq refused, about 13 only had `Problem :`, a leading
 * space or another case: the intent is plain, so such a prefix passes, with
 * a note. A misspelt one (`Soltion:`) is still wrong, but gets a hint.
 */

/** Where a prefix was found: the text after it, and whether it was written as configured. */
export interface PrefixMatch {
  rest: string;
  /** False when it took the tolerance: a leading space, a space before the colon, a plural, another case. */
  exact: boolean;
}

/**
 * Finds `prefix` ("Problem:") at the start of `line`. Exactly, or loosely:
 * leading blanks, blanks before the colon, a plural (`Problems:`) and, unless
 * `caseSensitive`, any case.
 */
export function matchPrefix(
  line: string,
  prefix: string,
  caseSensitive: boolean,
): PrefixMatch | null {
  const head = line.slice(0, prefix.length);
  if (caseSensitive ? head === prefix : head.toLowerCase() === prefix.toLowerCase()) {
    return { rest: line.slice(prefix.length), exact: true };
  }
  const loose = loosePattern(prefix, caseSensitive).exec(line);
  return loose ? { rest: line.slice(loose[0].length), exact: false } : null;
}

function loosePattern(prefix: string, caseSensitive: boolean): RegExp {
  const colon = prefix.trimEnd().endsWith(":");
  const word = colon ? prefix.trimEnd().slice(0, -1).trimEnd() : prefix;
  const body = colon ? `${escapeRegExp(word)}s?\\s*:` : escapeRegExp(word);
  return new RegExp(`^\\s*${body}`, caseSensitive ? "u" : "iu");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The word before a colon at the start of `line` when it looks like a
 * misspelling of `prefix`'s (`Soltion:` for `Solution:`), else null.
 */
export function nearMiss(line: string, prefix: string): string | null {
  const word = prefix.trimEnd().replace(/:$/, "").trimEnd().toLowerCase();
  const typed = /^\s*([\p{L}]+)\s*:/u.exec(line)?.[1];
  if (!typed || word === "" || typed.toLowerCase() === word) return null;
  const allowed = word.length >= 6 ? 2 : 1;
  return editDistance(typed.toLowerCase(), word) <= allowed ? typed : null;
}

/** Levenshtein distance with adjacent swaps counting one (`Probelm` is one edit from `Problem`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      const row = rows[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}
