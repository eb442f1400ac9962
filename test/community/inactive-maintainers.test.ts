import { describe, expect, it } from "vitest";
import type { Permission } from "../../src/c4/index.ts";
import { inactiveMaintainers, renderInactive } from "../../src/community/inactive-maintainers.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const permissions = new Map<string, Permission>([
  ["pieter", "admin"],
  ["luca", "write"],
  ["kevin", "maintain"],
  ["alice", "read"],
  ["dependabot[bot]", "write"],
]);

describe("inactiveMaintainers (C4 2.7.4)", () => {
  it("lists maintainers with no action in the period, longest quiet first", () => {
    const list = inactiveMaintainers(
      permissions,
      [
        { login: "Pieter", at: "2026-05-20T00:00:00Z" },
        { login: "luca", at: "2025-01-01T00:00:00Z" },
        { login: "luca", at: "2025-03-01T00:00:00Z" },
        { login: "alice", at: "2020-01-01T00:00:00Z" },
      ],
      NOW,
      180,
      "write",
    );
    expect(list).toEqual([
      { login: "kevin", permission: "maintain", lastSeen: null },
      { login: "luca", permission: "write", lastSeen: "2025-03-01T00:00:00Z" },
    ]);
  });

  it("counts only those at the maintainer permission", () => {
    const list = inactiveMaintainers(permissions, [], NOW, 180, "admin");
    expect(list.map((m) => m.login)).toEqual(["pieter"]);
  });

  it("renders a table, or says nobody is inactive", () => {
    const text = renderInactive(
      [{ login: "luca", permission: "write", lastSeen: "2025-03-01T00:00:00Z" }],
      180,
      100,
    );
    expect(text).toContain("| @luca | write | 2025-03-01 |");
    expect(text).toContain("It removes no one");
    expect(renderInactive([], 180, 3)).toContain("Nobody is inactive at the moment.");
  });
});
