import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { communityJob } from "../../src/community/community-jobs.ts";
import { zwidgetApi } from "../c4/contract/contract-fixtures.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";

type States = Parameters<typeof zwidgetApi>[0];

/*
 *  v1 ── v2 ── v3 ── v4        zwidget_poke draft throughout; ZWIDGET_OLD_HWM deprecated in v3, v4
 *                     │ release.published
 *                     ▼
 *  c4bot: releases (REST) ─▶ trees of every tag and main (1 GraphQL) ─▶ changed blobs (1 GraphQL)
 *         ─▶ the c4-contract issue, written only when its text changes
 */
describe("the 2.6.5 / 2.6.7 contract report, end to end", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
    world.sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      // Direct pushes stand for merged patches here: no process report about them.
      config: "community:\n  processReports:\n    enabled: false\n",
      files: { "api/zwidget.api": zwidgetApi({}), "src/zwidget.c": "int x;\n" },
    });
    world.sim.publishRelease({ repo: REPO, tag: "v1", author: "pieter", body: "First." });
    await world.settle();
    for (const [tag, states] of [
      ["v2", {}],
      ["v3", { oldHwm: "deprecated" }],
      ["v4", { oldHwm: "deprecated" }],
    ] as const) {
      push(states, `before ${tag}`);
      world.sim.publishRelease({ repo: REPO, tag, author: "pieter", body: `Release ${tag}.` });
      await world.settle();
    }
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  const push = (states: States, problem: string) =>
    world.sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        {
          message: `Problem: ${problem}\n\nSolution: change the model.`,
          files: { "api/zwidget.api": zwidgetApi(states), "src/zwidget.c": `// ${problem}\n` },
        },
      ],
    });
  const reports = () =>
    world.sim.state().issues.filter((issue) => issue.labels.includes("c4-contract"));
  const writes = () =>
    world.sim.calls().filter((call) => call.method !== "GET" && call.route !== "graphql");
  const runReport = async () => {
    const ref = { installationId: world.sim.installationId, owner: "zeromq", repo: "libzmq" };
    await world.bot.queue.enqueue(communityJob("community.contract-report", ref));
    await world.settle();
  };
  const body = async (number: number) => {
    const response = await fetch(`${world.sim.apiUrl}/repos/${REPO}/issues/${number}`);
    return (await response.json()) as { body: string; state: string };
  };

  it("lists the draft since v1 and the constant deprecated since v3, in one issue", async () => {
    const [issue] = reports();
    expect(reports()).toHaveLength(1);
    const { body: text, state } = await body(issue?.number ?? 0);
    expect(state).toBe("open");
    expect(text).toContain("releases `v1` to `v4`");
    expect(text).toContain("| `zwidget_poke` | `api/zwidget.api` | `v1` | 4 |");
    expect(text).toContain("| `ZWIDGET_OLD_HWM` | `api/zwidget.api` | `v3` | 2 |");
    expect(text).not.toContain("zwidget_spin");
    expect(text).toContain('C4 2.6.7: "When sufficient time has passed');

    // v1 alone could list nothing: its run read no contract; v2, v3 and v4's did.
    const treeReads = world.sim.calls().filter((call) => call.operationName === "C4ContractTrees");
    expect(treeReads).toHaveLength(3);

    // Nothing changed: the run reads, and writes nothing.
    const before = writes().length;
    const seen = world.sim.calls().length;
    await runReport();
    expect(writes().length).toBe(before);
    expect(reports()).toHaveLength(1);
    // The config, the releases, ONE tree query for every tag and main, the changed blobs, the issue.
    expect(
      world.sim
        .calls()
        .slice(seen)
        .map((call) => call.operationName ?? call.route),
    ).toEqual([
      "C4RepoConfig",
      "/repos/{owner}/{repo}/releases",
      "C4ContractTrees",
      "C4ReleaseContractFiles",
      "/repos/{owner}/{repo}/issues",
    ]);
  });

  it("drops a draft once the default branch promotes it, and closes the issue when none is left", async () => {
    const [issue] = reports();
    push({ poke: "stable", oldHwm: "deprecated" }, "zwidget_poke is stable");
    await runReport();
    let now = await body(issue?.number ?? 0);
    expect(now.state).toBe("open");
    expect(now.body).not.toContain("zwidget_poke");
    expect(now.body).toContain("`ZWIDGET_OLD_HWM`");

    push({ poke: "stable", oldHwm: null }, "ZWIDGET_OLD_HWM is long deprecated");
    await runReport();
    now = await body(issue?.number ?? 0);
    expect(now.state).toBe("closed");
    expect(now.body.match(/None at the moment\./g)).toHaveLength(2);

    // Closed and still empty: nothing is reopened or written.
    const before = writes().length;
    await runReport();
    expect(writes().length).toBe(before);
  });

  it("leaves the issue alone while the newest model does not parse; an older broken one ends every run", async () => {
    const [issue] = reports();
    const listed = (await body(issue?.number ?? 0)).body;
    world.sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        {
          message: "Problem: the model is cut short\n\nSolution: oops.",
          files: { "api/zwidget.api": '<class name = "zwidget">\n<method name = "poke">\n' },
        },
      ],
    });
    world.sim.publishRelease({ repo: REPO, tag: "v5", author: "pieter", body: "Broken." });
    await world.settle();
    expect(await body(issue?.number ?? 0)).toEqual(
      expect.objectContaining({ body: listed, state: "open" }),
    );

    // Fixed in v6: nothing has lasted through v5, so nothing is listed.
    push({ oldHwm: "deprecated" }, "the model is whole again");
    world.sim.publishRelease({ repo: REPO, tag: "v6", author: "pieter", body: "Fixed." });
    await world.settle();
    expect((await body(issue?.number ?? 0)).state).toBe("closed");
  });
});
