import { describe, expect, it } from "vitest";
import { fromFork } from "../../../src/c4/rules/from-fork.ts";
import type { PullSnapshot } from "../../../src/c4/snapshot.ts";
import { config, snapshot } from "../fixtures.ts";

describe("from-fork", () => {
  it.each<[string, PullSnapshot["head"]["repo"], "pass" | "fail", string]>([
    ["a fork", "alice/libzmq", "pass", "The patch comes from the fork alice/libzmq."],
    [
      "a fork with another name",
      "alice/zmq-fork",
      "pass",
      "The patch comes from the fork alice/zmq-fork.",
    ],
    ["a deleted fork", null, "pass", "The patch came from a fork that has since been deleted."],
    [
      "the project itself",
      "zeromq/libzmq",
      "fail",
      'The patch comes from the branch "fix-poll" of zeromq/libzmq itself, not from a fork.',
    ],
    [
      "the project itself, named in other case",
      "ZeroMQ/LibZMQ",
      "fail",
      'The patch comes from the branch "fix-poll" of zeromq/libzmq itself, not from a fork.',
    ],
  ])("%s", (_name, repo, outcome, message) => {
    const result = fromFork.evaluate(snapshot({ head: { repo } }), config());
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    if (outcome === "pass") expect(result.fix).toBeUndefined();
  });

  it("says how to move the branch to a fork", () => {
    const result = fromFork.evaluate(snapshot({ head: { repo: "zeromq/libzmq" } }), config());
    expect(result.fix).toBe(
      [
        "Fork zeromq/libzmq, push the branch to your fork, and open the pull request from there:",
        "    git remote add fork git@github.com:<you>/libzmq.git",
        "    git push fork fix-poll",
        "Then delete the branch from zeromq/libzmq: the project keeps no topic branches (C4 2.5.2).",
      ].join("\n"),
    );
  });
});
