import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { zmqHeader } from "../c4/contract/contract-fixtures.ts";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

/** libzmq's header with one stable definition gone: the libzmq case of issue 19. */
const withoutMore = zmqHeader.replace("#define ZMQ_MORE 1\n", "");

describe("public-contract against the simulator", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
    world.sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      files: { "include/zmq.h": zmqHeader },
    });
    await world.settle();
  });
  afterEach(async () => {
    await world.close();
  });

  const contractReads = () =>
    world.sim.calls().filter((call) => call.operationName === "C4ContractFiles").length;

  it("costs no request when no contract file changed", async () => {
    const { number } = world.openPull();
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(contractReads()).toBe(0);
    expect(world.sim.violations()).toEqual([]);
  });

  it("holds a break, labels it, and merges it on a maintainer's /c4 merge <reason>", async () => {
    const { number, headSha } = world.openPull({
      commits: [{ ...goodCommit, files: { "include/zmq.h": withoutMore } }],
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(false);
    const summary = world.c4Run(headSha)?.output.summary ?? "";
    expect(summary).toContain("public-contract");
    expect(summary).toContain("stable-removed: `ZMQ_MORE`");
    expect(world.pull(REPO, number).labels).toContain("breaking-change");
    expect(contractReads()).toBeGreaterThan(0);

    world.sim.addComment({
      repo: REPO,
      number,
      author: "pieter",
      body: "/c4 merge the project agreed to drop ZMQ_MORE",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.c4Run(headSha)?.output.summary).toContain("overriding consensus of C4 2.6.3");
    expect(world.sim.violations()).toEqual([]);
  });

  it("merges a change inside the draft block", async () => {
    const draft = zmqHeader.replace(
      "#define ZMQ_CLIENT 13",
      "#define ZMQ_CLIENT 13\n#define ZMQ_RADIO 14",
    );
    const { number, headSha } = world.openPull({
      commits: [
        { ...goodCommit, files: { "include/zmq.h": draft, "doc/zmq_socket.txt": "RADIO\n" } },
      ],
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
    expect(world.c4Run(headSha)?.output.summary).toContain("draft-added: `ZMQ_RADIO`");
    expect(world.pull(REPO, number).labels ?? []).not.toContain("breaking-change");
  });
});
