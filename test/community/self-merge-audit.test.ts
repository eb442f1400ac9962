import { describe, expect, it } from "vitest";
import type { Permission } from "../../src/c4/index.ts";
import { selfMergeAudit } from "../../src/community/self-merge-audit.ts";
import { CREATED, review, snapshot } from "../c4/fixtures.ts";

const permissions = new Map<string, Permission>([
  ["pieter", "write"],
  ["luca", "admin"],
  ["carol", "read"],
]);
const facts = (overrides: Partial<Parameters<typeof selfMergeAudit>[0]> = {}) => ({
  snapshot: snapshot({ author: { login: "pieter", permission: "write" }, reviews: [] }),
  mergedBy: "pieter",
  mergedAt: "2024-05-10T13:00:00Z",
  comments: [],
  permissions,
  quietHours: 48,
  maintainerPermission: "write" as const,
  ...overrides,
});

describe("selfMergeAudit (C4 2.4.13)", () => {
  it("notes a maintainer's own merge within the quiet period with no other maintainer's response", () => {
    expect(selfMergeAudit(facts())).toEqual({
      id: "self-merge:42",
      clause: "2.4.13",
      what: "@pieter merged their own pull request #42 by hand 3 h after its last change, with no other maintainer's review or comment (quiet period: 48 h)",
      at: "2024-05-10T13:00:00Z",
    });
  });

  it.each([
    ["someone else merged it", facts({ mergedBy: "luca" })],
    ["the quiet period was over", facts({ mergedAt: "2024-05-12T11:00:00Z" })],
    [
      "another maintainer reviewed it",
      facts({
        snapshot: snapshot({
          author: { login: "pieter", permission: "write" },
          reviews: [review({ author: "luca", state: "COMMENTED", permission: "admin" })],
        }),
      }),
    ],
    [
      "another maintainer commented",
      facts({ comments: [{ author: "Luca", createdAt: "2024-05-10T12:30:00Z" }] }),
    ],
  ])("stays silent when %s", (_name, input) => {
    expect(selfMergeAudit(input)).toBeNull();
  });

  it.each([
    ["a non-maintainer commented", [{ author: "carol", createdAt: "2024-05-10T12:00:00Z" }]],
    [
      "a maintainer commented only after the merge",
      [{ author: "luca", createdAt: "2024-05-10T14:00:00Z" }],
    ],
    ["only the author commented", [{ author: "pieter", createdAt: "2024-05-10T12:00:00Z" }]],
  ])("still notes it when %s", (_name, comments) => {
    expect(selfMergeAudit(facts({ comments }))?.id).toBe("self-merge:42");
  });

  it("counts minutes for a quick merge", () => {
    expect(selfMergeAudit(facts({ mergedAt: CREATED }))?.what).toContain("by hand 0 min after");
  });
});
