import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit, postJson } from "./sandbox-helpers.ts";

const REPO = "zeromq/libzmq";
const commit = (problem: string) => ({ message: `Problem: ${problem}\n\nSolution: fix it` });

/*
 *  main:  init ── a ── (tag v1) ── b ── (tag v2)
 *  topic:               └── t ── (tag v1.1-topic)
 */
describe("GitHubSimulator: tags, commits, compare, releases", () => {
  const sim = new GitHubSimulator();
  let url: string;

  beforeAll(async () => {
    url = await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
  });
  afterAll(() => sim.close());

  it("tags, compares and lists commits, checked against GitHub's OpenAPI description", async () => {
    sim.pushToBranch({ repo: REPO, pusher: "pieter", commits: [commit("a")] });
    sim.createTag({ repo: REPO, tag: "v1", pusher: "pieter" });
    sim.pushToBranch({ repo: REPO, pusher: "pieter", commits: [commit("b")] });
    sim.createTag({ repo: REPO, tag: "v2", pusher: "pieter" });
    sim.pushToBranch({ repo: REPO, branch: "topic", pusher: "pieter", commits: [commit("t")] });
    const tagged = await postJson(`${url}/_sandbox/tags`, {
      repo: REPO,
      tag: "v1.1-topic",
      ref: "topic",
      pusher: "pieter",
    });
    expect(tagged.status).toBe(201);

    const octokit = await installationOctokit(sim);
    const tags = await octokit.repos.listTags({ owner: "zeromq", repo: "libzmq" });
    expect(tags.data.map((tag) => tag.name)).toEqual(["v1.1-topic", "v2", "v1"]);

    const compare = await octokit.repos.compareCommitsWithBasehead({
      owner: "zeromq",
      repo: "libzmq",
      basehead: "v1...v2",
    });
    expect(compare.data.status).toBe("ahead");
    expect(compare.data.commits.map((c) => c.commit.message.split("\n")[0])).toEqual([
      "Problem: b",
    ]);
    const diverged = await octokit.repos.compareCommitsWithBasehead({
      owner: "zeromq",
      repo: "libzmq",
      basehead: "v1.1-topic...main",
    });
    expect(diverged.data.status).toBe("diverged");
    const onMain = await octokit.repos.compareCommitsWithBasehead({
      owner: "zeromq",
      repo: "libzmq",
      basehead: "v1...main",
    });
    expect(onMain.data.status).toBe("ahead");

    const commits = await octokit.paginate(octokit.repos.listCommits, {
      owner: "zeromq",
      repo: "libzmq",
      sha: "v2",
      per_page: 1,
    });
    expect(commits.map((c) => c.commit.message.split("\n")[0])).toEqual([
      "Problem: b",
      "Problem: a",
      "Initial commit",
    ]);
    expect(sim.violations()).toEqual([]);
  });

  it("publishes a release, sends `release` published, and lets the app edit its notes", async () => {
    sim.setApp({ webhookUrl: null });
    const { id } = sim.publishRelease({ repo: REPO, tag: "v3", author: "pieter" });
    const octokit = await installationOctokit(sim);
    const byTag = await octokit.repos.getReleaseByTag({
      owner: "zeromq",
      repo: "libzmq",
      tag: "v3",
    });
    expect(byTag.data).toMatchObject({ id, body: "", tag_name: "v3" });
    await octokit.repos.updateRelease({
      owner: "zeromq",
      repo: "libzmq",
      release_id: id,
      body: "notes",
    });
    const list = await octokit.repos.listReleases({ owner: "zeromq", repo: "libzmq" });
    expect(list.data.map((release) => [release.tag_name, release.body])).toEqual([["v3", "notes"]]);
    expect(sim.releases()[0]?.body).toBe("notes");
    expect(sim.violations()).toEqual([]);
  });
});
