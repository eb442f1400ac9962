import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/c4/evaluate.ts";
import { authorAccount } from "../../../src/c4/rules/author-account.ts";
import { commit, config, sha, snapshot } from "../fixtures.ts";

describe("author-account", () => {
  it("passes when every commit's author has an account", () => {
    const result = authorAccount.evaluate(snapshot(), config());
    expect(result.outcome).toBe("pass");
    expect(result.message).toBe("Every commit's author has a GitHub account.");
    expect(result.fix).toBeUndefined();
  });

  it("fails and names the commits whose e-mail links to no account", () => {
    const commits = [
      commit(),
      commit({ sha: sha(2), author: null, message: "Problem: x\n\nSolution: y" }),
    ];
    const result = authorAccount.evaluate(snapshot({ commits }), config());
    expect(result.outcome).toBe("fail");
    expect(result.message).toBe(
      "1 commit of 2 has an author whose e-mail links to no GitHub account.",
    );
    expect(result.fix).toContain("Settings > Emails");
    expect(result.commits?.map((c) => [c.subject, c.outcome])).toEqual([
      ["Problem: zmq_poll ignores EINTR", "pass"],
      ["Problem: x", "fail"],
    ]);
  });

  it("warns by default, so it never holds a correct patch", () => {
    const verdict = evaluate(snapshot({ commits: [commit({ author: null })] }), config());
    const result = verdict.results.find((r) => r.rule === "author-account");
    expect(result).toMatchObject({ clause: "2.3.1", outcome: "warn", blocking: false });
    expect(verdict.decision).toBe("merge");
  });

  it("blocks when the project says so", () => {
    const verdict = evaluate(
      snapshot({ commits: [commit({ author: null })] }),
      config({ rules: { "author-account": "block" } }),
    );
    expect(verdict.decision).toBe("reject");
  });
});
