import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/c4/config.ts";

const read = (name: string) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), "utf8");

/** Every `community.*` key, from the schema's defaults. */
function communityKeys(): string[] {
  const keys: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, `${path}.${key}`);
    } else keys.push(path);
  };
  walk(defaultConfig.community, "community");
  return keys;
}

describe("the community docs promise what the schema has", () => {
  it.each(communityKeys())("docs/configuration.md and docs/community.md document %s", (key) => {
    expect(read("configuration.md")).toContain(`\`${key}\``);
    expect(read("community.md")).toContain(`\`${key}\``);
  });
});
