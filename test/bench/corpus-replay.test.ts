import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type CorpusPull,
  corpusSnapshot,
  parseCorpus,
  renderReplay,
  replayCorpus,
} from "../../src/bench/corpus-replay.ts";
import { defaultConfig } from "../../src/c4/config.ts";

/**
 * docs/rules.md's replay figures are recomputed here from the code, so they
 * cannot drift. After a rule changes, refresh them with
 *   C4BOT_REPLAY_WRITE=1 npx vitest run test/bench/corpus-replay.test.ts
 * The corpus is ../shared/corpus/prs.jsonl beside the checkout, or C4BOT_CORPUS.
 */
const corpusPath =
  process.env.C4BOT_CORPUS ??
  fileURLToPath(new URL("../../../shared/corpus/prs.jsonl", import.meta.url));
const docsPath = fileURLToPath(new URL("../../docs/rules.md", import.meta.url));
const START = "<!-- corpus-replay:start -->";
const END = "<!-- corpus-replay:end -->";

const first = {
  sha: "a".repeat(40),
  author_name: "Alice",
  authored_at: "2020-01-01T00:00:00+01:00",
  parents: 1,
  message: "Problem: poll ignores EINTR\n\nSolution: retry\n",
};

const pull = (overrides: Partial<CorpusPull> = {}): CorpusPull => ({
  repo: "zeromq/zyre",
  number: 9,
  head_owner: "alice",
  head_branch: "fix/poll",
  merged_at: "2020-01-02T03:04:05+01:00",
  commits: [first],
  ...overrides,
});

describe("corpusSnapshot", () => {
  it("gives a single commit's pull request GitHub's default title and body", () => {
    const snapshot = corpusSnapshot(pull());
    expect(snapshot).toMatchObject({
      title: "Problem: poll ignores EINTR",
      body: "Solution: retry",
      head: { ref: "fix/poll", repo: "alice/zyre" },
      base: { ref: "master", repo: "zeromq/zyre" },
      now: "2020-01-02T02:04:05.000Z",
    });
  });

  it("titles a pull request of several commits after its branch", () => {
    const snapshot = corpusSnapshot(pull({ commits: [first, { ...first, sha: "b".repeat(40) }] }));
    expect(snapshot).toMatchObject({ title: "fix/poll", body: "" });
  });
});

describe("replayCorpus", () => {
  it("counts what each rule holds, and why, without warnings as reasons", () => {
    const bad = pull({
      head_owner: "zeromq",
      commits: [
        {
          ...first,
          message: "Fix the poll loop so that EINTR is retried like the docs say\n",
        },
      ],
    });
    const long = pull({
      commits: [
        {
          ...first,
          message: "Problem: the poll loop gives up when a signal arrives\n\nSolution: retry",
        },
      ],
    });
    const result = replayCorpus([pull(), bad, long], defaultConfig);
    expect(result).toMatchObject({ pulls: 3, held: 1 });
    const tally = (rule: string) => result.rules.find((entry) => entry.rule === rule);
    expect(tally("commit-message")).toMatchObject({
      held: 1,
      warned: 1,
      reasons: [
        ['no line of the body starts with "Solution:"', 1],
        ['the first line does not start with "Problem:"', 1],
      ],
    });
    expect(tally("from-fork")?.reasons).toEqual([
      ['The patch comes from the branch "…" of OWNER/REPO itself, not from a fork.', 1],
    ]);
  });

  it("names a bad corpus line", () => {
    expect(() => parseCorpus('{"repo": "x"}\n')).toThrow(/^corpus line 1: /);
  });
});

describe.skipIf(!existsSync(corpusPath))("docs/rules.md replay figures", () => {
  it("match a replay of the corpus with the default config", () => {
    const table = renderReplay(
      replayCorpus(parseCorpus(readFileSync(corpusPath, "utf8")), defaultConfig),
    );
    const docs = readFileSync(docsPath, "utf8");
    const start = docs.indexOf(START);
    const end = docs.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const fresh = `${docs.slice(0, start + START.length)}\n${table}\n${docs.slice(end)}`;
    if (process.env.C4BOT_REPLAY_WRITE === "1") {
      writeFileSync(docsPath, fresh);
      return;
    }
    expect(docs.slice(start + START.length, end).trim()).toBe(table);
  });
});
