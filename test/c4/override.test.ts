import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/c4/evaluate.ts";
import { ruleOnOverride } from "../../src/c4/override.ts";
import { commit, config, review, snapshot } from "./fixtures.ts";

const maintainer = { login: "pieter", permission: "write" as const };

describe("ruleOnOverride (/c4 merge, C4 2.4.16 and 2.4.13)", () => {
  it("allows a maintainer to merge another contributor's patch", () => {
    const pull = snapshot({ commits: [commit({ message: "bad" })] });
    expect(ruleOnOverride(pull, config(), evaluate(pull, config()), maintainer)).toEqual({
      kind: "allowed",
    });
  });

  it("refuses someone below the maintainer permission", () => {
    const pull = snapshot();
    const ruling = ruleOnOverride(pull, config(), evaluate(pull, config()), {
      login: "mallory",
      permission: "triage",
    });
    expect(ruling.kind).toBe("not-maintainer");
  });

  it("refuses a maintainer's own patch, in any case of login, and says what will merge it", () => {
    const pull = snapshot({
      author: { login: "Pieter", permission: "write" },
      commits: [commit({ message: "bad" })],
    });
    const ruling = ruleOnOverride(pull, config(), evaluate(pull, config()), maintainer);
    expect(ruling.kind).toBe("own-patch");
    if (ruling.kind !== "own-patch") return;
    expect(ruling.reply).toContain("@pieter: `/c4 merge` is for other contributors' patches");
    expect(ruling.reply).toContain("fix what the `C4` check lists (`commit-message`)");
    expect(ruling.reply).toContain(
      "48 hours after its last change (here: from 2024-05-12T10:00:00.000Z)",
    );
    expect(ruling.reply).toContain("another maintainer may also merge it as it stands");
  });

  it("names no rule to fix and no time when only another maintainer's word is missing", () => {
    const pull = snapshot({
      author: { login: "pieter", permission: "admin" },
      reviews: [review({ author: "pieter" })],
    });
    const cfg = config({ rules: { "self-merge": { quietHours: 24 } } });
    const ruling = ruleOnOverride(pull, cfg, evaluate(pull, cfg), {
      ...maintainer,
      permission: "admin",
    });
    if (ruling.kind !== "own-patch") throw new Error(ruling.kind);
    expect(ruling.reply).not.toContain("first, a correct patch");
    expect(ruling.reply).toContain(
      "24 hours after its last change (here: from 2024-05-11T10:00:00.000Z)",
    );
  });
});
