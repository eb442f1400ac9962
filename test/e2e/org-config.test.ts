import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goodCommit, startWorld, type World } from "./world.ts";

/** A patch correct but for its commit message. */
const badMessage = { ...goodCommit, message: "fix the parser" };

describe("the organisation's .github/c4.yml", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    // The organisation switches the commit-message rule off for its projects.
    world.sim.createRepo({
      owner: "zeromq",
      name: ".github",
      config: "rules:\n  commit-message: off\n",
    });
    await world.settle();
  });
  afterEach(async () => {
    await world.close();
  });

  /** zeromq/czmq with this `.github/c4.yml` (none if undefined), and a patch whose only fault is its commit message. */
  const openBadMessageOn = async (config?: string) => {
    world.sim.createRepo({ owner: "zeromq", name: "czmq", maintainers: ["pieter"], config });
    await world.settle();
    const opened = world.sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: x",
      commits: [badMessage],
    });
    await world.settle();
    return opened;
  };

  it("applies to a repository without a file of its own", async () => {
    const { number } = await openBadMessageOn();
    expect(world.pull("zeromq/czmq", number).merged).toBe(true);
  });

  it("is replaced by a repository's own file", async () => {
    const { number, headSha } = await openBadMessageOn("merge:\n  method: merge\n");
    expect(world.pull("zeromq/czmq", number).merged).toBe(false);
    expect(world.c4Run(headSha)?.output.summary).toContain("commit-message");
  });

  it("is extended by a repository's file that says _extends: .github", async () => {
    const { number, headSha } = await openBadMessageOn(
      "_extends: .github\nmerge:\n  method: merge\n",
    );
    expect(world.pull("zeromq/czmq", number).merged).toBe(true);
    expect(world.c4Run(headSha)?.conclusion).toBe("success");
  });
});
