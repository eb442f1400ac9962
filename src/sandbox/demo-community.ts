import type { GitHubSimulator } from "./github-simulator.ts";

const kinds: [RegExp, string][] = [
  [/c4bot:welcome/, "welcomed a newcomer with a C4 primer"],
  [/c4bot:triage/, "asked for the observed problem (C4 2.4.3, 2.4.5) and labelled it"],
  [/c4bot:follow-up #(\d+)/, "asked the author to verify the fix merged in #$1 (C4 2.4.17)"],
  [/c4bot:stale -->/, "marked it stale (C4 2.4.19)"],
  [
    /is for other contributors' patches/,
    "refused /c4 merge on the maintainer's own patch (C4 2.4.13)",
  ],
];

/**
 * What c4bot's community tooling did in the demo, one line per comment,
 * tracking issue and release, for `c4bot sandbox` to print. Reads only the
 * simulator's state.
 */
export function describeCommunity(sim: GitHubSimulator, repo: string): string[] {
  const state = sim.state();
  const lines: string[] = [];
  const who = (number: number) =>
    [...state.issues, ...state.pulls].find((item) => item.repo === repo && item.number === number)
      ?.author ?? "?";
  for (const comment of state.comments) {
    if (comment.repo !== repo || comment.author !== sim.botLogin) continue;
    for (const [pattern, text] of kinds) {
      const match = pattern.exec(comment.body);
      if (match)
        lines.push(
          `#${comment.number} (${who(comment.number)}): ${text.replace("$1", match[1] ?? "")}`,
        );
    }
  }
  for (const issue of state.issues) {
    if (issue.repo === repo && issue.author === sim.botLogin) {
      lines.push(`#${issue.number}: opened "${issue.title}" [${issue.labels.join(", ")}]`);
    }
  }
  return lines;
}

/** The notes c4bot wrote into the demo's releases (C4 2.4.6). */
export function releaseNotesOf(
  sim: GitHubSimulator,
  repo: string,
): { tag: string; body: string }[] {
  return sim
    .releases()
    .filter((release) => release.repo === repo && release.body.includes("c4bot:release-notes"))
    .map((release) => ({
      tag: release.tag,
      body: release.body.replace(/<!--[\s\S]*?-->/g, "").trim(),
    }));
}
