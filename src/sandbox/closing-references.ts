/** An issue a pull request closes: `#12` in its own repo or `owner/repo#4` elsewhere. */
export interface ClosingReference {
  repo: string | null;
  number: number;
}

// GitHub's keywords: https://docs.github.com/en/issues/tracking-your-work-with-issues/linking-a-pull-request-to-an-issue
const keyword =
  /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/gi;

/** The closing references in a pull request body, in order, without duplicates. */
export function closingReferences(body: string): ClosingReference[] {
  const seen = new Set<string>();
  const found: ClosingReference[] = [];
  for (const match of body.matchAll(keyword)) {
    const repo = match[1] ?? null;
    const number = Number(match[2]);
    const key = `${repo ?? ""}#${number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ repo, number });
  }
  return found;
}
