import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { AttentionEvent, VerdictEvent } from "../../src/history/bot-events.ts";
import { HistoryStore } from "../../src/history/history-store.ts";

const dirs: string[] = [];
const stores: HistoryStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(options: ConstructorParameters<typeof HistoryStore>[0] = {}) {
  const store = new HistoryStore(options);
  stores.push(store);
  return store;
}

function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), "c4bot-history-"));
  dirs.push(dir);
  return dir;
}

function verdict(
  overrides: Partial<VerdictEvent> = {},
  decision: "merge" | "wait" | "reject" = "merge",
): VerdictEvent {
  return {
    repo: "zeromq/libzmq",
    number: 1,
    title: "Problem: zmq_send drops the last frame",
    author: "alice",
    headSha: "a".repeat(40),
    isPrivate: false,
    verdict: {
      decision,
      correct: decision === "merge",
      results: [
        {
          rule: "commit-message",
          clause: "2.3.4",
          outcome: decision === "reject" ? "fail" : "pass",
          message: "ok",
          blocking: decision === "reject",
        },
        {
          rule: "ci-green",
          clause: "2.3.9",
          outcome: decision === "wait" ? "pending" : "pass",
          message: "CI",
          blocking: false,
        },
      ],
    },
    merging: decision === "merge",
    dryRun: false,
    at: "2026-11-20T10:00:00.000Z",
    ...overrides,
  };
}

describe("HistoryStore", () => {
  it("keeps verdicts and merges across a restart (write, close, reopen)", () => {
    const dir = dataDir();
    const first = open({ dataDir: dir, now: () => new Date("2026-11-21T00:00:00Z") });
    first.recordVerdict(verdict({ number: 2 }, "reject"));
    first.recordVerdict(verdict({ number: 1 }));
    first.recordMerge({
      repo: "zeromq/libzmq",
      number: 1,
      sha: "m".repeat(40),
      at: "2026-11-20T10:00:01.000Z",
    });
    first.close();

    const second = open({ dataDir: dir, now: () => new Date("2026-11-21T00:00:00Z") });
    const pulls = second.openPulls({ includePrivate: false });
    expect(pulls.map((pull) => [pull.number, pull.decision])).toEqual([[2, "reject"]]);
    expect(pulls[0]?.rules.map((rule) => [rule.rule, rule.outcome])).toEqual([
      ["commit-message", "fail"],
      ["ci-green", "pass"],
    ]);
    expect(second.recentMerges({ includePrivate: false })).toEqual([
      {
        repo: "zeromq/libzmq",
        number: 1,
        title: "Problem: zmq_send drops the last frame",
        sha: "m".repeat(40),
        forced: null,
        isPrivate: false,
        at: "2026-11-20T10:00:01.000Z",
      },
    ]);
  });

  it("shows the latest verdict per pull request, and a repeat only moves seen_at", () => {
    const store = open();
    store.recordVerdict(verdict({}, "wait"));
    store.recordVerdict(verdict({ at: "2026-11-20T10:05:00.000Z" }, "wait"));
    expect(store.counts().verdicts).toBe(1);
    const [pull] = store.openPulls({ includePrivate: true });
    expect(pull?.at).toBe("2026-11-20T10:00:00.000Z");
    expect(pull?.seenAt).toBe("2026-11-20T10:05:00.000Z");

    store.recordVerdict(
      verdict({ headSha: "b".repeat(40), at: "2026-11-20T11:00:00.000Z" }, "reject"),
    );
    expect(store.counts().verdicts).toBe(2);
    expect(
      store.openPulls({ includePrivate: true }).map((p) => [p.headSha[0], p.decision]),
    ).toEqual([["b", "reject"]]);
  });

  it("hides private repositories unless asked, merges included", () => {
    const store = open();
    store.recordVerdict(verdict({ repo: "acme/secret", isPrivate: true }));
    store.recordVerdict(verdict({ repo: "zeromq/libzmq" }, "reject"));
    store.recordMerge({
      repo: "acme/secret",
      number: 1,
      sha: null,
      at: "2026-11-20T10:00:01.000Z",
    });
    store.recordMerge({
      repo: "acme/unknown",
      number: 9,
      sha: null,
      at: "2026-11-20T10:00:01.000Z",
    });
    expect(store.openPulls({ includePrivate: false }).map((p) => p.repo)).toEqual([
      "zeromq/libzmq",
    ]);
    // A merge of a pull request never judged is not known to be public.
    expect(store.recentMerges({ includePrivate: false })).toEqual([]);
    expect(store.recentMerges({ includePrivate: true }).map((m) => m.repo)).toEqual([
      "acme/unknown",
      "acme/secret",
    ]);
  });

  it("drops what is older than the retention in days, and bounds the rows", () => {
    const dir = dataDir();
    let now = new Date("2026-11-20T12:00:00Z");
    const store = open({ dataDir: dir, retention: { days: 1, rows: 3 }, now: () => now });
    for (let number = 1; number <= 5; number++) store.recordVerdict(verdict({ number }, "reject"));
    store.prune();
    expect(store.openPulls({ includePrivate: true }).map((p) => p.number)).toEqual([5, 4, 3]);
    now = new Date("2026-11-22T12:00:00Z");
    store.recordVerdict(verdict({ number: 6, at: "2026-11-22T11:00:00.000Z" }, "reject"));
    store.prune();
    expect(store.openPulls({ includePrivate: true }).map((p) => p.number)).toEqual([6]);
  });

  it("refuses a history written by a newer schema", () => {
    const dir = dataDir();
    const store = open({ dataDir: dir });
    store.close();
    const db = new Database(join(dir, "c4bot.sqlite"));
    db.pragma("user_version = 99");
    db.close();
    expect(() => new HistoryStore({ dataDir: dir })).toThrow(/newer c4bot/);
  });
});

describe("what people wait for (issue 21)", () => {
  const broken: AttentionEvent = {
    kind: "config-broken",
    repo: "zeromq/libzmq",
    number: null,
    installation: 7,
    isPrivate: false,
    text: "Invalid .github/c4.yml: merging paused until it is fixed",
    details: [".github/c4.yml:2:3: rules: unknown rule <nope>"],
    until: null,
    at: "2026-11-20T10:00:00.000Z",
  };

  it("keeps a broken config per repository until a verdict shows it was read again", () => {
    const store = open();
    store.recordAttention(broken);
    store.recordAttention({ ...broken, details: ["second"], at: "2026-11-20T10:05:00.000Z" });
    // The latest errors, since the first time it was seen broken.
    expect(store.attention({ includePrivate: false })).toEqual([
      { ...broken, details: ["second"] },
    ]);
    // A verdict in another repository leaves it; one in this repository clears it.
    store.recordVerdict(verdict({ repo: "zeromq/czmq" }));
    expect(store.attention({ includePrivate: false })).toHaveLength(1);
    store.recordVerdict(verdict({ number: 9 }));
    expect(store.attention({ includePrivate: false })).toEqual([]);
  });

  it("keeps a merge retry with its pull request's privacy, until the merge or the next verdict", () => {
    const store = open();
    store.recordVerdict(verdict({ number: 4 }));
    const retry: AttentionEvent = {
      ...broken,
      kind: "merge-retry",
      number: 4,
      isPrivate: true,
      text: "merge failed: GitHub answered 502; retrying at 10:00:30 UTC",
      details: ["502 Bad Gateway"],
      until: "2026-11-20T10:00:30.000Z",
    };
    store.recordAttention(retry);
    // The merge job does not know the privacy; the pull request's verdict said public.
    expect(store.attention({ includePrivate: false })).toEqual([{ ...retry, isPrivate: false }]);
    store.recordMerge({ repo: "zeromq/libzmq", number: 4, sha: "b".repeat(40), at: retry.at });
    expect(store.attention({ includePrivate: true })).toEqual([]);
  });

  it("shows a gone installation to maintainers only, and drops it when cleared", () => {
    const store = open();
    const gone: AttentionEvent = {
      ...broken,
      kind: "installation-gone",
      repo: null,
      installation: 42,
      isPrivate: true,
      text: "GitHub no longer knows installation 42",
      details: [],
    };
    store.recordAttention(gone);
    expect(store.attention({ includePrivate: false })).toEqual([]);
    expect(store.attention({ includePrivate: true })).toEqual([gone]);
    store.recordAttention({ ...gone, cleared: true });
    expect(store.attention({ includePrivate: true })).toEqual([]);
  });

  it("drops notices older than the retention", () => {
    const store = open({ retention: { days: 1 }, now: () => new Date("2026-11-22T10:00:00.000Z") });
    store.recordAttention(broken);
    store.recordAttention({ ...broken, repo: "zeromq/czmq", at: "2026-11-22T09:00:00.000Z" });
    store.prune();
    expect(store.attention({ includePrivate: true }).map((notice) => notice.repo)).toEqual([
      "zeromq/czmq",
    ]);
  });
});
