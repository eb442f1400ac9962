import { describe, expect, it } from "vitest";
import type { C4ConfigInput, Level } from "../../src/c4/config.ts";
import { evaluate, evaluateCommits } from "../../src/c4/evaluate.ts";
import { type Rule, ruleIds } from "../../src/c4/result.ts";
import { rules } from "../../src/c4/rules/index.ts";
import { pullSnapshotSchema } from "../../src/c4/snapshot.ts";
import { check, commit, config, review, snapshot } from "./fixtures.ts";

const running = check({ status: "in_progress", conclusion: null });
const level = (id: (typeof ruleIds)[number], value: Level): C4ConfigInput => ({
  rules: { [id]: value },
});
const resultOf = (verdict: ReturnType<typeof evaluate>, id: string) =>
  verdict.results.find((result) => result.rule === id);

describe("the fixture", () => {
  it("is a valid snapshot of a correct patch", () => {
    expect(pullSnapshotSchema.safeParse(snapshot()).success).toBe(true);
    expect(evaluate(snapshot(), config()).decision).toBe("merge");
  });
});

describe("evaluate: the rules", () => {
  it("runs every rule once, in the registry's order, with its clause", () => {
    const verdict = evaluate(snapshot(), config());
    expect(verdict.results.map((result) => result.rule)).toEqual([...ruleIds]);
    expect(rules.map((rule) => rule.id)).toEqual([...ruleIds]);
    expect(verdict.results.map((result) => result.clause)).toEqual([
      "2.3.2",
      "2.3.7",
      "2.3.2",
      "2.4.7",
      "2.5.2",
      "2.3.6",
      "2.4.13",
      "2.4.14",
      "2.3.1",
      "2.3.5",
      "2.5.1",
      "2.3.4",
    ]);
  });
});

describe("evaluate: levels", () => {
  // A merge commit inside the patch: self-contained fails.
  const draft = snapshot({ commits: [commit({ parents: 2 })] });
  it.each<[string, ReturnType<typeof snapshot>, C4ConfigInput, string, string, boolean, string]>([
    ["block: a failure blocks", draft, {}, "self-contained", "fail", true, "reject"],
    [
      "warn: a failure becomes a warning",
      draft,
      level("self-contained", "warn"),
      "self-contained",
      "warn",
      false,
      "merge",
    ],
    [
      "off: skipped",
      draft,
      level("self-contained", "off"),
      "self-contained",
      "skip",
      false,
      "merge",
    ],
    [
      "block: pending blocks",
      snapshot({ checks: [running] }),
      {},
      "ci-green",
      "pending",
      true,
      "wait",
    ],
    [
      "warn: pending does not wait",
      snapshot({ checks: [running] }),
      level("ci-green", "warn"),
      "ci-green",
      "pending",
      false,
      "merge",
    ],
    [
      "block: a rule's own warning never blocks",
      snapshot({ commits: [commit({ message: `Problem: ${"x".repeat(60)}\n\nSolution: y` })] }),
      {},
      "commit-message",
      "warn",
      false,
      "merge",
    ],
    [
      "no-value-judgement is warn by default",
      snapshot({ reviews: [review({ state: "CHANGES_REQUESTED" })] }),
      {},
      "no-value-judgement",
      "warn",
      false,
      "merge",
    ],
    [
      "no-value-judgement at block holds the merge",
      snapshot({ reviews: [review({ state: "CHANGES_REQUESTED" })] }),
      level("no-value-judgement", "block"),
      "no-value-judgement",
      "fail",
      true,
      "reject",
    ],
    ["a pass never blocks", snapshot(), {}, "ci-green", "pass", false, "merge"],
  ])("%s", (_name, pull, input, id, outcome, blocking, decision) => {
    const verdict = evaluate(pull, config(input));
    expect(resultOf(verdict, id)).toMatchObject({ outcome, blocking });
    expect(verdict.decision).toBe(decision);
    expect(verdict.correct).toBe(decision === "merge");
  });

  it("says why a rule that is off was skipped, and runs nothing else of it", () => {
    const verdict = evaluate(snapshot({ draft: true }), config(level("self-contained", "off")));
    expect(resultOf(verdict, "self-contained")).toEqual({
      rule: "self-contained",
      clause: "2.3.2",
      outcome: "skip",
      message: "Turned off in .github/c4.yml.",
      blocking: false,
    });
  });

  it("marks every result with blocking true or false", () => {
    const verdict = evaluate(snapshot(), config());
    for (const result of verdict.results) expect(typeof result.blocking).toBe("boolean");
  });
});

describe("evaluate: decisions", () => {
  const maintainer = { login: "alice", permission: "write" as const };
  it.each<[string, ReturnType<typeof snapshot>, "merge" | "wait" | "reject", string | undefined]>([
    ["a correct patch", snapshot(), "merge", undefined],
    ["CI running", snapshot({ checks: [running] }), "wait", undefined],
    ["a failure", snapshot({ base: { ref: "topic" } }), "reject", undefined],
    [
      "reject wins over wait",
      snapshot({ base: { ref: "topic" }, checks: [running], author: maintainer }),
      "reject",
      undefined,
    ],
    [
      "a maintainer's own patch waits for the quiet period",
      snapshot({ author: maintainer }),
      "wait",
      "2024-05-12T10:00:00.000Z",
    ],
    [
      "recheckAt only for wait, not for reject",
      snapshot({ author: maintainer, commits: [commit({ parents: 2 })] }),
      "reject",
      undefined,
    ],
  ])("%s", (_name, pull, decision, recheckAt) => {
    const verdict = evaluate(pull, config());
    expect(verdict.decision).toBe(decision);
    expect(verdict.recheckAt).toBe(recheckAt);
    if (recheckAt === undefined) expect(verdict).not.toHaveProperty("recheckAt");
  });

  it("takes recheckAt from a blocking pending rule only", () => {
    const pull = snapshot({ author: { login: "alice", permission: "write" } });
    const verdict = evaluate(pull, config(level("self-merge", "warn")));
    expect(resultOf(verdict, "self-merge")).toMatchObject({ outcome: "pending", blocking: false });
    expect(verdict.decision).toBe("merge");
    expect(verdict).not.toHaveProperty("recheckAt");
  });

  it("keeps the quiet period's recheckAt while CI, with no recheckAt, is pending too", () => {
    // Only self-merge sets recheckAt today; ci-green waits for the next check event.
    const pull = snapshot({
      author: { login: "alice", permission: "write" },
      checks: [running],
    });
    const verdict = evaluate(pull, config({ rules: { "self-merge": { quietHours: 3 } } }));
    expect(verdict.decision).toBe("wait");
    expect(resultOf(verdict, "ci-green")).toMatchObject({ outcome: "pending", blocking: true });
    expect(verdict.recheckAt).toBe("2024-05-10T13:00:00.000Z");
  });

  it("takes the earliest recheckAt of the blocking pending rules", () => {
    // Stand a pending rule with its own recheckAt in for ci-green, for this test only.
    const registry = rules as Rule[];
    const index = registry.findIndex((rule) => rule.id === "ci-green");
    const original = registry[index] as Rule;
    registry[index] = {
      ...original,
      evaluate: () => ({ outcome: "pending", message: "x", recheckAt: "2024-05-10T11:30:00.000Z" }),
    };
    try {
      const pull = snapshot({
        author: { login: "alice", permission: "write" },
        now: "2024-05-10T10:30:00Z",
      });
      const both = evaluate(pull, config({ rules: { "self-merge": { quietHours: 3 } } }));
      expect(both.recheckAt).toBe("2024-05-10T11:30:00.000Z");
      const later = evaluate(pull, config({ rules: { "self-merge": { quietHours: 1.25 } } }));
      expect(later.recheckAt).toBe("2024-05-10T11:15:00.000Z");
      const notBlocking = evaluate(
        pull,
        config({ rules: { "self-merge": { quietHours: 3 }, "ci-green": "warn" } }),
      );
      expect(notBlocking.recheckAt).toBe("2024-05-10T13:00:00.000Z");
    } finally {
      registry[index] = original;
    }
  });
});

describe("evaluateCommits", () => {
  it("runs only the commit-level rules", () => {
    const verdict = evaluateCommits([commit()], config(), "2024-05-10T12:00:00Z");
    const commitRules = rules.filter((rule) => rule.scope === "commits").map((rule) => rule.id);
    expect(commitRules).toEqual(["commit-message", "self-contained"]);
    expect(verdict.results.map((result) => result.rule)).toEqual(commitRules);
    expect(verdict.decision).toBe("merge");
  });

  it.each<[string, Parameters<typeof evaluateCommits>[0], "merge" | "reject"]>([
    ["a good commit", [commit()], "merge"],
    ["a bad message", [commit({ message: "wip" })], "reject"],
    ["a merge commit", [commit(), commit({ message: "Merge x", parents: 2 })], "reject"],
    ["no commits", [], "merge"],
  ])("%s", (_name, commits, decision) => {
    expect(evaluateCommits(commits, config()).decision).toBe(decision);
  });

  it("honours the config's levels", () => {
    const verdict = evaluateCommits(
      [commit({ message: "wip" })],
      config(level("commit-message", "warn")),
    );
    expect(verdict.results[0]).toMatchObject({ outcome: "warn", blocking: false });
    expect(verdict.decision).toBe("merge");
  });
});

describe("purity", () => {
  const busy = () =>
    snapshot({
      author: { login: "alice", permission: "admin" },
      draft: true,
      commits: [commit({ message: "wip" }), commit({ message: "Merge", parents: 2 })],
      checks: [running, check({ name: "lint", conclusion: "failure" })],
      reviews: [review({ state: "CHANGES_REQUESTED" }), review({ author: "carol" })],
    });

  it("gives the same verdict for the same input", () => {
    const pull = busy();
    const cfg = config();
    expect(evaluate(pull, cfg)).toEqual(evaluate(pull, cfg));
    expect(evaluate(busy(), config())).toEqual(evaluate(pull, cfg));
  });

  it("does not mutate the snapshot or the config", () => {
    const pull = busy();
    const cfg = config({ rules: { "ci-green": { principal: ["build"] } } });
    const before = structuredClone({ pull, cfg });
    evaluate(pull, cfg);
    evaluateCommits(pull.commits, cfg, pull.now);
    expect({ pull, cfg }).toEqual(before);
  });

  it("runs on a frozen input", () => {
    const deepFreeze = <T>(value: T): T => {
      if (value && typeof value === "object") {
        for (const inner of Object.values(value)) deepFreeze(inner);
        Object.freeze(value);
      }
      return value;
    };
    expect(() => evaluate(deepFreeze(busy()), deepFreeze(config()))).not.toThrow();
  });
});

describe("evaluate: drafts", () => {
  it("judges a correct draft as if ready, and never merges it", () => {
    const verdict = evaluate(snapshot({ draft: true }), config());
    expect(verdict).toMatchObject({ decision: "wait", correct: false, draft: true });
    expect(verdict.results.every((result) => !result.blocking)).toBe(true);
  });

  it("lists what would block once it is ready, with no timed recheck", () => {
    const maintainer = { login: "alice", permission: "write" as const };
    const pull = snapshot({
      draft: true,
      author: maintainer,
      commits: [commit({ message: "wip" })],
    });
    const verdict = evaluate(pull, config());
    expect(verdict.decision).toBe("wait");
    expect(verdict).not.toHaveProperty("recheckAt");
    expect(
      verdict.results.filter((result) => result.blocking).map((result) => result.rule),
    ).toEqual(["commit-message", "self-merge"]);
  });

  it("is not a draft when ready", () => {
    expect(evaluate(snapshot(), config())).not.toHaveProperty("draft");
  });
});
