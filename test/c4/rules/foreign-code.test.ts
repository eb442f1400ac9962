import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/c4/evaluate.ts";
import { foreignCode } from "../../../src/c4/rules/foreign-code.ts";
import type { AddedFile } from "../../../src/c4/snapshot.ts";
import { config, snapshot } from "../fixtures.ts";

const mpl =
  "/*  =========\n    This Source Code Form is subject to the terms of the Mozilla Public\n    License, v. 2.0.\n*/\n";
const judge = (addedFiles: AddedFile[] | undefined, licence: string | null = "MPL-2.0") =>
  foreignCode.evaluate(snapshot({ ...(addedFiles ? { addedFiles } : {}), licence }), config());

describe("foreign-code", () => {
  it.each<[string, AddedFile[], "pass" | "fail"]>([
    ["no header", [{ path: "src/a.c", head: "int x;\n" }], "pass"],
    ["the project's licence text", [{ path: "src/a.c", head: mpl }], "pass"],
    [
      "the project's SPDX id",
      [{ path: "a.c", head: "// SPDX-License-Identifier: MPL-2.0\n" }],
      "pass",
    ],
    [
      "a dual licence that includes the project's",
      [{ path: "a.c", head: "/* SPDX-License-Identifier: (MIT OR MPL-2.0) */\n" }],
      "pass",
    ],
    ["an MIT SPDX tag", [{ path: "a.c", head: "# SPDX-License-Identifier: MIT\n" }], "fail"],
    [
      "a GPL text",
      [{ path: "a.c", head: "under the terms of the GNU General Public License as published" }],
      "fail",
    ],
    [
      "an LGPL text, not mistaken for GPL",
      [{ path: "a.c", head: "the GNU Lesser General Public License" }],
      "fail",
    ],
    ["a vendored folder", [{ path: "third_party/lib/x.c", head: "" }], "fail"],
    ["a file named like a folder", [{ path: "src/external.c", head: "" }], "pass"],
  ])("%s: %s", (_name, files, outcome) => {
    expect(judge(files).outcome).toBe(outcome);
  });

  it("names what it found, once per vendored folder", () => {
    const result = judge([
      { path: "src/sha1.c", head: "/* SPDX-License-Identifier: BSD-3-Clause */" },
      { path: "vendor/a.c", head: "" },
      { path: "vendor/b.c", head: "" },
    ]);
    expect(result.message).toBe(
      "2 additions may be code from another project: src/sha1.c (BSD-3-Clause), vendor/ (a vendored folder).",
    );
    expect(result.fix).toContain("(MPL-2.0)");
  });

  it("skips when the added files were not read, and passes when there are none", () => {
    expect(judge(undefined).outcome).toBe("skip");
    expect(judge([]).outcome).toBe("pass");
  });

  it("with no licence known to GitHub, looks only for vendored folders", () => {
    expect(judge([{ path: "a.c", head: "SPDX-License-Identifier: MIT" }], null).outcome).toBe(
      "pass",
    );
    expect(judge([{ path: "vendor/a.c", head: "" }], null).outcome).toBe("fail");
  });

  it("warns by default", () => {
    const verdict = evaluate(
      snapshot({ licence: "MPL-2.0", addedFiles: [{ path: "vendor/a.c", head: "" }] }),
      config(),
    );
    expect(verdict.decision).toBe("merge");
    expect(verdict.results.find((r) => r.rule === "foreign-code")).toMatchObject({
      clause: "2.3.5",
      outcome: "warn",
    });
  });
});
