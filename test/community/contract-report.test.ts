import { describe, expect, it } from "vitest";
import { renderContractReport } from "../../src/community/contract-report.ts";

const settings = { draftReleases: 3, deprecatedReleases: 2 };

describe("renderContractReport", () => {
  it("puts repository text in code spans that no name can break out of", () => {
    const body = renderContractReport(
      {
        promote: [
          { symbol: "zx_poke", file: "api/a|b`c.api", state: "draft", since: "v1", releases: 3 },
        ],
        remove: [],
      },
      settings,
      ["v1", "v<img src=x>"],
    );
    expect(body).toContain("| `zx_poke` | ``api/a\\|b`c.api`` | `v1` | 3 |");
    expect(body).toContain("to `v<img src=x>`)");
    expect(body).toContain("## Deprecated symbols to consider for removal (C4 2.6.7)\n\n");
    expect(body).toMatch(/or more:\n\nNone at the moment\.\n/);
    expect(body.startsWith("<!-- c4bot:contract-report -->\n")).toBe(true);
  });

  it("says so before the first release", () => {
    const body = renderContractReport({ promote: [], remove: [] }, settings, []);
    expect(body).toContain("(no release yet)");
    expect(body.match(/None at the moment\./g)).toHaveLength(2);
  });
});
