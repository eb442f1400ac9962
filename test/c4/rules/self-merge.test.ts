import { describe, expect, it } from "vitest";
import type { C4ConfigInput } from "../../../src/c4/config.ts";
import { selfMerge } from "../../../src/c4/rules/self-merge.ts";
import type { Permission, PullSnapshot } from "../../../src/c4/snapshot.ts";
import { CREATED, commit, config, review, snapshot } from "../fixtures.ts";

/** A maintainer's own patch, opened at CREATED (10:00), evaluated at `now`. */
function maintainerPatch(overrides: Partial<PullSnapshot> = {}, permission: Permission = "write") {
  return snapshot({ author: { login: "Alice", permission }, ...overrides });
}

function run(pull: PullSnapshot, input: C4ConfigInput = {}) {
  return selfMerge.evaluate(pull, config(input));
}

describe("self-merge: who is a maintainer", () => {
  it.each<[Permission, NonNullable<C4ConfigInput>["maintainerPermission"], "skip" | "pending"]>([
    ["none", "write", "skip"],
    ["read", "write", "skip"],
    ["triage", "write", "skip"],
    ["write", "write", "pending"],
    ["maintain", "write", "pending"],
    ["admin", "write", "pending"],
    ["write", "maintain", "skip"],
    ["maintain", "admin", "skip"],
    ["admin", "admin", "pending"],
  ])("author with %s, maintainerPermission %s: %s", (permission, maintainerPermission, outcome) => {
    const result = run(maintainerPatch({}, permission), { maintainerPermission });
    expect(result.outcome).toBe(outcome);
    if (outcome === "skip") {
      expect(result.message).toBe("The author is not a maintainer: no self-merge question.");
    }
  });
});

describe("self-merge: approvals", () => {
  it.each<[string, PullSnapshot["reviews"], C4ConfigInput, "pass" | "pending"]>([
    ["approved by another maintainer", [review({ author: "bob" })], {}, "pass"],
    ["approved by a maintainer with admin", [review({ permission: "admin" })], {}, "pass"],
    ["approved by a non-maintainer", [review({ permission: "read" })], {}, "pending"],
    ["approved by a triager", [review({ permission: "triage" })], {}, "pending"],
    [
      "approved by the author themself",
      [review({ author: "alice", permission: "admin" })],
      {},
      "pending",
    ],
    [
      "approved by a writer when only admins are maintainers",
      [review({ permission: "write" })],
      { maintainerPermission: "admin" },
      "pending",
    ],
    [
      "approved by an admin when only admins are maintainers",
      [review({ permission: "admin" })],
      { maintainerPermission: "admin" },
      "pass",
    ],
    [
      "approved, then changes requested: the latest stands",
      [
        review({ submittedAt: "2024-05-10T10:30:00Z" }),
        review({ state: "CHANGES_REQUESTED", submittedAt: "2024-05-10T11:00:00Z" }),
      ],
      {},
      "pending",
    ],
    [
      "changes requested, then approved",
      [
        review({ state: "CHANGES_REQUESTED", submittedAt: "2024-05-10T10:30:00Z" }),
        review({ submittedAt: "2024-05-10T11:00:00Z" }),
      ],
      {},
      "pass",
    ],
    [
      "approved, then dismissed",
      [
        review({ submittedAt: "2024-05-10T10:30:00Z" }),
        review({ state: "DISMISSED", submittedAt: "2024-05-10T11:00:00Z" }),
      ],
      {},
      "pending",
    ],
    [
      "approved, then only commented",
      [
        review({ submittedAt: "2024-05-10T10:30:00Z" }),
        review({ state: "COMMENTED", submittedAt: "2024-05-10T11:00:00Z" }),
      ],
      {},
      "pass",
    ],
    [
      "listed out of order: changes requested is the later one",
      [
        review({ state: "CHANGES_REQUESTED", submittedAt: "2024-05-10T11:00:00Z" }),
        review({ submittedAt: "2024-05-10T10:30:00Z" }),
      ],
      {},
      "pending",
    ],
    [
      "time-zone offsets are instants: the approval at 12:30+02:00 is the earlier",
      [
        review({ state: "CHANGES_REQUESTED", submittedAt: "2024-05-10T11:00:00Z" }),
        review({ submittedAt: "2024-05-10T12:30:00+02:00" }),
      ],
      {},
      "pending",
    ],
  ])("%s", (_name, reviews, input, outcome) => {
    const result = run(maintainerPatch({ reviews }, "admin"), input);
    expect(result.outcome).toBe(outcome);
    if (outcome === "pass")
      expect(result.message).toMatch(/approved by another maintainer, @\w+\./);
  });
});

describe("self-merge: the quiet period", () => {
  // CREATED is 10:00 on 2024-05-10.
  it.each<
    [string, Partial<PullSnapshot>, number | undefined, "pass" | "pending", string | undefined]
  >([
    [
      "2 hours in, of 48",
      { now: "2024-05-10T12:00:00Z" },
      undefined,
      "pending",
      "2024-05-12T10:00:00.000Z",
    ],
    [
      "just before the end",
      { now: "2024-05-12T09:59:59Z" },
      undefined,
      "pending",
      "2024-05-12T10:00:00.000Z",
    ],
    ["exactly at the end", { now: "2024-05-12T10:00:00Z" }, undefined, "pass", undefined],
    ["past the end", { now: "2024-05-13T00:00:00Z" }, undefined, "pass", undefined],
    [
      "counted from the last commit when later than the opening",
      {
        now: "2024-05-12T11:00:00Z",
        commits: [
          commit({ committedAt: "2024-05-09T00:00:00Z" }),
          commit({ committedAt: "2024-05-11T08:00:00Z" }),
        ],
      },
      undefined,
      "pending",
      "2024-05-13T08:00:00.000Z",
    ],
    [
      "commits older than the opening: counted from the opening",
      { now: "2024-05-10T12:00:00Z", commits: [commit({ committedAt: "2024-05-01T00:00:00Z" })] },
      undefined,
      "pending",
      "2024-05-12T10:00:00.000Z",
    ],
    [
      "commits without times: counted from the opening",
      { now: "2024-05-10T12:00:00Z", commits: [commit({ committedAt: undefined })] },
      undefined,
      "pending",
      "2024-05-12T10:00:00.000Z",
    ],
    ["quietHours 0", { now: CREATED }, 0, "pass", undefined],
    ["quietHours 1.5", { now: "2024-05-10T11:00:00Z" }, 1.5, "pending", "2024-05-10T11:30:00.000Z"],
    ["quietHours 24, over", { now: "2024-05-11T10:00:00Z" }, 24, "pass", undefined],
  ])("%s", (_name, overrides, quietHours, outcome, recheckAt) => {
    const input: C4ConfigInput =
      quietHours === undefined ? {} : { rules: { "self-merge": { quietHours } } };
    const result = run(maintainerPatch(overrides), input);
    expect(result.outcome).toBe(outcome);
    expect(result.recheckAt).toBe(recheckAt);
    if (outcome === "pending") {
      const hours = quietHours ?? 48;
      expect(result.message).toBe(
        `A maintainer's own patch waits for another maintainer's approval, or until ${recheckAt} (${hours} hours after its last change).`,
      );
      expect(result.fix).toBe(
        "Another maintainer can approve it; otherwise c4bot merges it when the quiet period ends.",
      );
    } else {
      expect(result.message).toMatch(/no other maintainer answered within \d+(\.\d+)? hours/);
    }
  });
});
