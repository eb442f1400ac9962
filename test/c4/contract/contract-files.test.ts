import { describe, expect, it } from "vitest";
import { contractRoots } from "../../../src/c4/contract/index.ts";

describe("contractRoots: the directories a revision's contract files lie in", () => {
  it.each<[string, Parameters<typeof contractRoots>[0], string[]]>([
    ["ZeroMQ's layouts", [], ["api", "include"]],
    ["a named header", [{ path: "include/zmq.h", kind: "c-header" }], ["include"]],
    [
      "a directory inside another",
      [
        { path: "include/**/*.h", kind: "c-header" },
        { path: "include/zmq/draft.h", kind: "c-header" },
      ],
      ["include"],
    ],
    [
      "a glob at the root covers everything",
      [
        { path: "*.h", kind: "c-header" },
        { path: "api/*.api", kind: "zproject" },
      ],
      [""],
    ],
    ["a wildcard inside a name", [{ path: "src/api/z*.api", kind: "zproject" }], ["src/api"]],
  ])("%s", (_name, specs, roots) => {
    expect(contractRoots(specs)).toEqual(roots);
  });
});
