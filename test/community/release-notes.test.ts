import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { communityExtensions } from "../../src/community/community-extensions.ts";
import { releaseNotes, renderReleaseNotes } from "../../src/community/release-notes.ts";
import type { PullRecord } from "../../src/github/list-pulls.ts";
import { REPO, startWorld, type World } from "../e2e/world.ts";
import { installationToken } from "./community-helpers.ts";

const pull = (over: Partial<PullRecord>): PullRecord => ({
  number: 2,
  title: "Problem: x",
  author: "alice",
  state: "MERGED",
  createdAt: "2026-01-01T00:00:00Z",
  mergedAt: "2026-01-02T00:00:00Z",
  mergedBy: "c4bot[bot]",
  mergeCommit: "m2",
  commits: [
    { sha: "c2", message: "Problem: leak\n\nSolution: free", author: "alice", committedDate: "" },
  ],
  lastCommitAt: "2026-01-01T12:00:00Z",
  c4: "success",
  closes: [],
  ...over,
});

describe("releaseNotes (C4 2.4.6)", () => {
  it("groups Problem: lines by pull request, with closed issues, direct commits and contributors", () => {
    const notes = releaseNotes({
      repo: REPO,
      from: "v1",
      to: "v2",
      commits: [
        { sha: "c2", message: "Problem: leak", author: "alice" },
        { sha: "m2", message: "Merge pull request #2", author: "pieter" },
        { sha: "d1", message: "Problem: typo in README\n\nSolution: fix", author: "luca" },
        { sha: "s4", message: "Problem: y (#4)", author: "bob" },
      ],
      pulls: [
        pull({ closes: [{ number: 1, title: "leak" }] }),
        pull({ number: 3, mergeCommit: "elsewhere", commits: [] }),
        pull({
          number: 5,
          state: "CLOSED",
          mergeCommit: null,
          commits: [{ sha: "c2", message: "", author: "x", committedDate: "" }],
        }),
      ],
      complete: true,
    });
    expect(notes.pulls).toEqual([
      {
        number: 2,
        title: "Problem: x",
        author: "alice",
        problems: ["leak"],
        closes: [{ number: 1, title: "leak" }],
      },
    ]);
    expect(notes.direct).toEqual([{ sha: "d1", problems: ["typo in README"] }]);
    // pieter only pressed the merge button: the merge commit is #2's.
    expect(notes.contributors).toEqual(["alice", "bob", "luca"]);
    const text = renderReleaseNotes(notes);
    expect(text).toContain("- #2 by @alice (closes #1)\n  - Problem: leak");
    expect(text).toContain("Problem: typo in README");
    expect(text).not.toContain("incomplete");
  });

  it("says when it stopped at the budget", () => {
    const notes = releaseNotes({
      repo: REPO,
      from: null,
      to: "v1",
      commits: [],
      pulls: [],
      complete: false,
    });
    expect(renderReleaseNotes(notes)).toContain("may be incomplete");
  });

  it("escapes the problems it copies from commits (issue 21)", () => {
    const notes = releaseNotes({
      repo: REPO,
      from: null,
      to: "v1",
      commits: [
        { sha: "d1", message: "Problem: ![t](https://tracker.example/p.png) <b>", author: "x" },
      ],
      pulls: [],
      complete: true,
    });
    expect(renderReleaseNotes(notes)).toContain(
      "- d1 Problem: !\\[t\\](https\\://tracker.example/p.png) &lt;b&gt;",
    );
  });
});

/*
 *  v0 ── #2 merged (fixes #1) ── #3 merged ── release v1 (empty body)
 *                                                │ release.published
 *                                                ▼
 *                         c4bot: compare v0...v1, pull requests ──▶ PATCH release body
 */
describe("release notes, end to end", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ reconcileAtStart: false, extensions: communityExtensions() });
    const { sim } = world;
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    sim.createTag({ repo: REPO, tag: "v0", pusher: "pieter" });
    const issue = sim.openIssue({
      repo: REPO,
      author: "dave",
      title: "zmq_send crashes",
      body: "When I send on a full pipe I get a crash.",
    });
    world.openPull({ author: "alice", body: `Fixes #${issue.number}` });
    await world.settle();
    world.openPull({
      author: "bob",
      body: "Problem: zmq_poll ignores a zero timeout",
      commits: [
        { message: "Problem: zmq_poll ignores a zero timeout\n\nSolution: return at once." },
      ],
    });
    await world.settle();
  });
  afterEach(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
  });

  it("writes the notes into a release published with an empty body, and keeps written ones", async () => {
    const { sim } = world;
    sim.publishRelease({ repo: REPO, tag: "v1", author: "pieter" });
    await world.settle();
    const body = sim.releases().find((release) => release.tag === "v1")?.body ?? "";
    expect(body).toContain("Problems solved (v0...v1)");
    expect(body).toContain(
      "- #2 by @alice (closes #1)\n  - Problem: the parser drops the last line",
    );
    expect(body).toContain("- #3 by @bob\n  - Problem: zmq_poll ignores a zero timeout");
    expect(body).toContain("@alice, @bob");

    sim.publishRelease({ repo: REPO, tag: "v2", author: "pieter", body: "Hand-written." });
    await world.settle();
    expect(sim.releases().find((release) => release.tag === "v2")?.body).toBe("Hand-written.");
  });

  it("prints them with `c4bot release-notes`, authenticated like gh", async () => {
    const { sim } = world;
    sim.createTag({ repo: REPO, tag: "v1", pusher: "pieter" });
    await world.settle();
    const token = await installationToken(world);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["release-notes", "--repo", REPO, "--from", "v0", "--to", "v1"], {
      cwd: process.cwd(),
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: { GITHUB_TOKEN: token, GITHUB_API_URL: sim.apiUrl },
      isTTY: false,
    });
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    expect(out.join("")).toContain("- #3 by @bob\n  - Problem: zmq_poll ignores a zero timeout");
  });

  it("refuses to run without a token or a repo", async () => {
    const err: string[] = [];
    const io = {
      cwd: ".",
      stdout: () => {},
      stderr: (t: string) => err.push(t),
      env: {},
      isTTY: false,
    };
    expect(await main(["release-notes", "--repo", REPO, "--to", "v1"], io)).toBe(2);
    expect(err.join("")).toContain("GITHUB_TOKEN");
    expect(await main(["release-notes", "--repo", "nope", "--to", "v1"], io)).toBe(2);
  });
});
