import { describe, expect, it } from "vitest";
import { narrator } from "../../src/cli/sandbox.ts";
import type { AttentionEvent, VerdictEvent } from "../../src/jobs/observer.ts";

const broken: AttentionEvent = {
  kind: "config-broken",
  repo: "zeromq/czmq",
  number: null,
  installation: 1,
  isPrivate: false,
  text: "Invalid .github/c4.yml: merging paused until it is fixed",
  details: ['.github/c4.yml:2:11: merge.method: got "\u001b[2Jboom"'],
  until: null,
  at: "2026-11-20T10:00:00.000Z",
};

const verdict: VerdictEvent = {
  repo: "zeromq/czmq",
  number: 4,
  title: "Problem: x",
  author: "alice",
  headSha: "a".repeat(40),
  isPrivate: false,
  verdict: { decision: "merge", correct: true, results: [] },
  merging: true,
  dryRun: false,
  at: "2026-11-20T10:01:00.000Z",
};

describe("the sandbox's console", () => {
  const tell = () => {
    const lines: string[] = [];
    return {
      lines,
      observer: narrator(
        (line) => lines.push(line),
        (_code, text) => text,
      ),
    };
  };

  it("prints a broken config once, with its errors, and says when it is fixed", () => {
    const { lines, observer } = tell();
    observer.attention(broken);
    observer.attention(broken);
    expect(lines).toEqual([
      "[c4bot] zeromq/czmq: ! Invalid .github/c4.yml: merging paused until it is fixed",
      '          .github/c4.yml:2:11: merge.method: got "␛[2Jboom"',
    ]);
    observer.verdict(verdict);
    expect(lines.slice(2)).toEqual([
      "[c4bot] zeromq/czmq: configuration fixed: merging again",
      "[c4bot] zeromq/czmq#4 by alice: ✓ correct patch: merging",
    ]);
  });

  it("prints a merge retry and a gone installation, and its return", () => {
    const { lines, observer } = tell();
    observer.attention({
      ...broken,
      kind: "merge-retry",
      number: 4,
      text: "merge failed: GitHub answered 502; retrying at 10:00:30 UTC",
      details: [],
    });
    const gone = { ...broken, kind: "installation-gone" as const, repo: null, installation: 9 };
    observer.attention({ ...gone, text: "GitHub no longer knows installation 9", details: [] });
    observer.attention({ ...gone, text: "", details: [], cleared: true });
    // A clearing with no notice before it (a merged pull request read again) is not news.
    observer.attention({
      ...broken,
      kind: "merge-retry",
      number: 7,
      text: "",
      details: [],
      cleared: true,
    });
    expect(lines).toEqual([
      "[c4bot] zeromq/czmq#4: ! merge failed: GitHub answered 502; retrying at 10:00:30 UTC",
      "[c4bot] installation 9: ! GitHub no longer knows installation 9",
      "[c4bot] installation 9: answers again",
    ]);
  });
});
