/**
 * Reads a new issue the way a C4 maintainer does (C4 2.4.2, 2.4.3, 2.4.5): does
 * it describe a problem someone observed, or is it empty, or an idea, a
 * feature request or a solution? Heuristics on words, kept pure and
 * table-tested (test/community/classify-issue.test.ts); docs/community.md
 * lists them. An issue is a request only when its request signals outnumber
 * its problem signals: nagging someone who did describe a problem costs more
 * than missing a request.
 */
export type IssueKind = "problem" | "empty" | "request";

export interface IssueReading {
  kind: IssueKind;
  /** The phrases that decided it, for the log and the tests. */
  signals: string[];
}

/** Words of an observed problem: what happened, what was expected, what broke. */
export const problemSignals: readonly RegExp[] = [
  /\bwhen (i|we|you)\b/i,
  /\b(i|we) (get|got|see|saw)\b/i,
  /\bexpect(ed|ing)?\b/i,
  /\bactual(ly)?\b/i,
  /\binstead of\b/i,
  /\berrors?\b/i,
  /\bcrash(es|ed|ing)?\b/i,
  /\bfail(s|ed|ing|ure)?\b/i,
  /\bbroken\b|\bbreaks?\b/i,
  /\b(does|did|is|was|can)(n['’]t| ?not)\b/i,
  /\bunable\b/i,
  /\bhang(s|ing)?\b|\bfreez(es|ing)\b|\bdeadlocks?\b/i,
  /\bleak(s|ing)?\b/i,
  /\bsegfault|\bsegmentation fault\b|\bcore dump/i,
  /\bassert(ion)?s?\b|\bexceptions?\b|\bstack ?trace\b|\bbacktrace\b|\bpanic/i,
  /\bwrong\b|\bincorrect(ly)?\b/i,
  /\bbug\b|\bregression\b/i,
  /\b(steps to )?reproduce\b/i,
  /\b(drops?|loses?|lost|ignores?|blocks?|timeouts?|times out)\b/i,
  /^\s*problem:/im,
];

/** Words of a request, an idea or a solution rather than a problem. */
export const requestSignals: readonly RegExp[] = [
  /^\s*(add|support|implement|allow|enable|provide|introduce|create|make|use|switch to|migrate to|port to|rewrite)\b/i,
  /\bfeature request\b|\[feature\]|^\s*feat(ure)?\s*:/im,
  /\bwould be (nice|great|good|useful|cool)\b|\bnice to have\b/i,
  /\bplease (add|support|implement|consider|provide|make)\b/i,
  /\bcould you (add|support|implement|provide|make)\b/i,
  /\b(i|we) (would like|'d like|want|wish|propose|suggest)\b/i,
  /\b(proposal|enhancement|suggestion)\b/i,
  /\bhow about\b|\bwhat about adding\b/i,
  /\bshould (support|have|add|allow|provide)\b/i,
];

/** Template comments and whitespace say nothing: an issue of only those is empty. */
function meaningful(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, "").trim();
}

export function classifyIssue(issue: { title: string; body: string | null }): IssueReading {
  const title = meaningful(issue.title);
  const body = meaningful(issue.body ?? "");
  const text = `${title}\n${body}`;
  const problem = problemSignals.flatMap((pattern) => matchOf(pattern, text));
  // A request's imperative opens the title or a line of the body.
  const request = requestSignals.flatMap((pattern) => matchOf(pattern, text));
  if (request.length > problem.length) return { kind: "request", signals: request };
  if (problem.length > 0) return { kind: "problem", signals: problem };
  if (body.length === 0) return { kind: "empty", signals: [] };
  // A body with neither kind of signal: give it the benefit of the doubt.
  return { kind: "problem", signals: [] };
}

function matchOf(pattern: RegExp, text: string): string[] {
  const found = pattern.exec(text);
  return found ? [found[0].trim()] : [];
}
