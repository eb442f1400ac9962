import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { addProcessEntries } from "../../src/community/process-report.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";

const commit = (problem: string) => ({ message: `Problem: ${problem}\n\nSolution: fix it.` });

describe("addProcessEntries", () => {
  const entry = (id: string) => ({
    id,
    clause: "2.5.2",
    what: `branch ${id} | x`,
    at: "2026-01-01T10:00:00Z",
  });
  it("adds new rows once, keeping the old ones", () => {
    const first = addProcessEntries(null, [entry("a")]) ?? "";
    expect(first).toContain("| 2026-01-01 10:00 | 2.5.2 | branch a \\| x <!-- id:a --> |");
    expect(addProcessEntries(first, [entry("a")])).toBeNull();
    const second = addProcessEntries(first, [entry("a"), entry("b")]) ?? "";
    expect(second.match(/<!-- id:/g)).toHaveLength(2);
  });
});

describe("process reports and maintainer suggestions, end to end", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  const tracking = (label: string) =>
    world.sim.state().issues.filter((issue) => issue.labels.includes(label));

  it("records direct pushes, project branches, a red default branch and stray tags in ONE issue", async () => {
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    sim.createTag({ repo: REPO, tag: "v0.1", pusher: "pieter" });
    const direct = sim.pushToBranch({ repo: REPO, pusher: "pieter", commits: [commit("hotfix")] });
    world.openPull({ author: "alice" });
    await world.settle();
    sim.pushToBranch({ repo: REPO, branch: "topic", pusher: "luca", commits: [commit("try")] });
    sim.createTag({ repo: REPO, tag: "v0.2-topic", ref: "topic", pusher: "luca" });
    await world.settle();
    const head = sim.state().repos.find((repo) => repo.fullName === REPO)?.branches.main ?? "";
    sim.setCheck({ repo: REPO, sha: head, name: "build", conclusion: "failure" });
    await world.settle();

    const issues = tracking("c4-process");
    expect(issues).toHaveLength(1);
    const text = await issueBody(world, issues[0]?.number ?? 0);
    expect(text).toContain(`commit ${direct.slice(0, 7)} reached \`main\``);
    expect(text).toContain("2.4.8, 2.4.9");
    expect(text).toContain("created the branch `topic`");
    expect(text).toContain("tagged `v0.2-topic`");
    expect(text).toContain(`\`main\` is red at ${head.slice(0, 7)}`);
    // The merge commit came through a pull request; v0.1 is on main.
    expect(text.match(/<!-- id:push:/g)).toHaveLength(1);
    expect(text).not.toContain("v0.1");

    sim.pushToBranch({ repo: REPO, pusher: "pieter", commits: [commit("another")] });
    await world.settle();
    expect(tracking("c4-process")).toHaveLength(1);
    expect((await issueBody(world, issues[0]?.number ?? 0)).match(/<!-- id:push:/g)).toHaveLength(
      2,
    );
  });

  it("suggests contributors with N merged correct patches to the administrators, in one issue", async () => {
    const { sim } = world;
    sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      collaborators: { hintjens: "admin", pieter: "write" },
      config: "community:\n  maintainerSuggestions:\n    threshold: 2\n",
    });
    for (const [author, problem] of [
      ["alice", "one"],
      ["bob", "two"],
      ["alice", "three"],
    ] as const) {
      world.openPull({ author, body: `Problem: ${problem}`, commits: [commit(problem)] });
      await world.settle();
    }
    let issues = tracking("c4-maintainers");
    expect(issues).toHaveLength(1);
    let text = await issueBody(world, issues[0]?.number ?? 0);
    expect(text).toContain("@hintjens");
    expect(text).toMatch(/\| @alice \| 2 \|[^\n]*\| #\d+, #\d+ \|/);
    expect(text).not.toContain("@bob");
    expect(text).toContain("c4bot invites nobody");

    world.openPull({ author: "alice", body: "Problem: four", commits: [commit("four")] });
    await world.settle();
    issues = tracking("c4-maintainers");
    expect(issues).toHaveLength(1);
    text = await issueBody(world, issues[0]?.number ?? 0);
    expect(text).toMatch(/\| @alice \| 3 \|/);
    // Write access already: never suggested.
    expect(text).not.toContain("@pieter |");
  });
});

async function issueBody(world: World, number: number): Promise<string> {
  const response = await fetch(`${world.sim.apiUrl}/repos/zeromq/libzmq/issues/${number}`);
  return ((await response.json()) as { body: string }).body;
}
