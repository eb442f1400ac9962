import { describe, expect, it } from "vitest";
import type { C4ConfigInput } from "../../../src/c4/config.ts";
import { evaluate } from "../../../src/c4/evaluate.ts";
import { publicContract } from "../../../src/c4/rules/public-contract.ts";
import type { PullSnapshot } from "../../../src/c4/snapshot.ts";
import { zmqHeader, zsockApi } from "../contract/contract-fixtures.ts";
import { config, snapshot } from "../fixtures.ts";

function pull(after: string, changedFiles = ["include/zmq.h"], before = zmqHeader): PullSnapshot {
  return snapshot({ changedFiles, contractFiles: [{ path: "include/zmq.h", before, after }] });
}

function run(pullSnapshot: PullSnapshot, input: C4ConfigInput = {}) {
  return publicContract.evaluate(pullSnapshot, config(input));
}

describe("public-contract", () => {
  it("skips a patch that touches no contract file", () => {
    expect(run(snapshot()).outcome).toBe("skip");
    const readme = snapshot({ contractFiles: [{ path: "README.md", before: "a", after: "b" }] });
    expect(run(readme).outcome).toBe("skip");
  });

  it("passes a change inside the draft block and lists it with its clause", () => {
    const after = zmqHeader.replace(
      "#define ZMQ_CLIENT 13",
      "#define ZMQ_CLIENT 13\n#define ZMQ_RADIO 14",
    );
    const result = run(pull(after, ["include/zmq.h", "doc/zmq_socket.txt"]));
    expect(result.outcome).toBe("pass");
    expect(result.details).toEqual([
      "2.6.5 draft-added: `ZMQ_RADIO` in include/zmq.h is `draft: 14`",
    ]);
  });

  it("fails a break and points at the override", () => {
    const result = run(pull(zmqHeader.replace("#define ZMQ_MORE 1\n", "")));
    expect(result.outcome).toBe("fail");
    expect(result.message).toContain("ZMQ_MORE");
    expect(result.fix).toContain("/c4 merge <reason>");
    expect(result.details?.[0]).toBe(
      "2.6.3 stable-removed: `ZMQ_MORE` in include/zmq.h was `stable: 1`",
    );
  });

  it("holds the merge on a break at level block, not at warn", () => {
    const broken = pull(zmqHeader.replace("#define ZMQ_MORE 1\n", ""));
    const blocked = evaluate(broken, config());
    expect(blocked.decision).toBe("reject");
    expect(blocked.results.find((result) => result.rule === "public-contract")?.blocking).toBe(
      true,
    );
    const warned = evaluate(broken, config({ rules: { "public-contract": "warn" } }));
    expect(warned.decision).toBe("merge");
  });

  it("warns on a stable addition and on a new symbol with no documentation (2.6.5, 2.6.1)", () => {
    const after = zmqHeader.replace(
      "#define ZMQ_MORE 1",
      "#define ZMQ_MORE 1\n#define ZMQ_SHARED 3",
    );
    const result = run(pull(after));
    expect(result.outcome).toBe("warn");
    expect(result.message).toContain("added as stable with no draft period (ZMQ_SHARED)");
    expect(result.message).toContain("1 new symbol without documentation");
    const documented = run(pull(after, ["include/zmq.h", "doc/zmq_setsockopt.txt"]));
    expect(documented.message).not.toContain("documentation");
  });

  it("reads configured files only, with their draft macro", () => {
    const header = "#ifdef MY_DRAFTS\nint my_new (void);\n#endif\n";
    const files = [{ path: "src/my.h", before: "", after: header }];
    const input: C4ConfigInput = {
      rules: {
        "public-contract": { files: [{ path: "src/my.h", kind: "c-header", draft: "MY_DRAFTS" }] },
      },
    };
    const result = run(
      snapshot({ changedFiles: ["src/my.h", "docs/my.md"], contractFiles: files }),
      input,
    );
    expect(result.details).toEqual([
      "2.6.5 draft-added: `my_new` in src/my.h is `draft: int (void)`",
    ]);
  });

  it("fails a malformed model with its file and line", () => {
    const broken = zsockApi.replace("</method>", "</methd>");
    const files = [{ path: "api/zsock.api", before: zsockApi, after: broken }];
    const result = run(snapshot({ contractFiles: files }));
    expect(result.outcome).toBe("fail");
    expect(result.message).toMatch(/api\/zsock\.api:28: malformed XML/);
  });
});
