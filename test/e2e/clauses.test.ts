import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { goodCommit, REPO, startWorld, type World } from "./world.ts";

const MPL = "Mozilla Public License Version 2.0\n==================================\n";

/*
 *  simulator ──pull_request──▶ c4bot ──snapshot (licenseInfo, files' changeType)──▶ simulator
 *                                  └──added files' heads, only when some are added──▶
 */
describe("C4 2.3.5 and 2.5.1 against the simulator", () => {
  let world: World;
  let defaultHead: string;
  beforeEach(async () => {
    world = await startWorld();
    defaultHead = world.sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter", "luca"],
      files: { LICENSE: MPL },
    }).headSha;
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("warns about an added file under a foreign licence, and merges", async () => {
    const { number, headSha } = world.openPull({
      commits: [
        {
          ...goodCommit,
          files: {
            "src/sha1.c": "/* SPDX-License-Identifier: MIT */\nint sha1;\n",
            "src/own.c":
              "/* This Source Code Form is subject to the terms of the Mozilla Public License */\n",
          },
        },
      ],
    });
    await world.settle();
    const run = world.c4Run(headSha);
    expect(run?.output.summary).toContain(
      "1 addition may be code from another project: src/sha1.c (MIT).",
    );
    expect(world.pull(REPO, number).merged).toBe(true);
    const heads = world.sim.calls().filter((call) => call.operationName === "C4AddedFiles");
    expect(heads.length).toBe(1);
  });

  it("pauses a correct patch while the default branch is red; /c4 merge lets the fix in", async () => {
    world.sim.setStatus({ repo: REPO, sha: defaultHead, context: "ci/linux", state: "failure" });
    const { number, headSha } = world.openPull();
    world.sim.setStatus({ repo: REPO, sha: headSha, context: "ci/linux", state: "success" });
    await world.settle();
    expect(world.c4Run(headSha)?.output.summary).toContain(
      "**Nothing fails; waiting for default-branch-green.**",
    );
    expect(world.pull(REPO, number).merged).toBe(false);
    const run = world.c4Run(headSha);
    expect(run?.output.summary).toContain(
      'main is red ("ci/linux" failed on its head), so merging waits until it builds again.',
    );
    expect(`${run?.output.summary}${run?.output.text ?? ""}`).toContain(
      "/c4 merge fixes the red build",
    );

    world.sim.addComment({
      repo: REPO,
      number,
      author: "pieter",
      body: "/c4 merge fixes the red build",
    });
    await world.settle();
    expect(world.pull(REPO, number).merged).toBe(true);
  });
});
