import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};
const events = readFileSync(new URL("../../src/app/events.ts", import.meta.url), "utf8");

describe("app.yml", () => {
  it("subscribes to every event the app handles (installation events always arrive)", () => {
    const handled = [...events.matchAll(/case "([a-z_]+)":/g)]
      .map((match) => match[1] as string)
      .filter((name) => !name.startsWith("installation"));
    expect(handled.length).toBeGreaterThan(5);
    for (const name of handled) expect(manifest.default_events).toContain(name);
  });

  it("asks for no permission the app does not use, and none above what it needs", () => {
    expect(manifest.default_permissions).toEqual({
      checks: "write",
      contents: "write",
      pull_requests: "write",
      issues: "write",
      statuses: "read",
      metadata: "read",
      merge_queues: "write",
    });
    expect(manifest.default_permissions).not.toHaveProperty("administration");
  });
});
