import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { zmqHeader, zsockApi, zsockOptionApi } from "../c4/contract/contract-fixtures.ts";
import { git, good, initRepo, removeTempDirs, run } from "./fixture.ts";

afterAll(removeTempDirs);

/** Writes files and commits them; returns the new commit's sha. */
function commitFiles(repo: string, files: Record<string, string | null>): string {
  for (const [path, text] of Object.entries(files)) {
    if (text === null) git(repo, "rm", "--quiet", path);
    else {
      mkdirSync(dirname(join(repo, path)), { recursive: true });
      writeFileSync(join(repo, path), text);
      git(repo, "add", path);
    }
  }
  git(repo, "commit", "--quiet", "-m", good);
  return git(repo, "rev-parse", "HEAD");
}

describe("c4bot contract", () => {
  const repo = initRepo();
  const base = commitFiles(repo, {
    "include/zmq.h": zmqHeader,
    "api/zsock.api": zsockApi,
    "api/zsock_option.api": zsockOptionApi,
    "README.md": "hello\n",
  });
  const draftOnly = commitFiles(repo, {
    "include/zmq.h": zmqHeader.replace(
      "#define ZMQ_CLIENT 13",
      "#define ZMQ_CLIENT 13\n#define ZMQ_RADIO 14",
    ),
  });
  const breaking = commitFiles(repo, {
    "api/zsock_option.api": zsockOptionApi.replace(
      /<method name = "set sndhwm"[\s\S]*?<\/method>/,
      "",
    ),
  });

  it("prints the stable JSON shape and exits 0 when nothing breaks", async () => {
    const result = await run(repo, [
      "contract",
      "--base",
      base,
      "--head",
      draftOnly,
      "--format",
      "json",
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      breaking: false,
      files: ["api/zsock.api", "api/zsock_option.api", "include/zmq.h"],
      changes: [
        {
          symbol: "ZMQ_RADIO",
          file: "include/zmq.h",
          kind: "draft-added",
          clause: "2.6.5",
          before: null,
          after: "draft: 14",
        },
      ],
    });
  });

  it("exits 1 on a break and names the symbol by its C name", async () => {
    const result = await run(repo, ["contract", "--base", draftOnly, "--head", breaking]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "2.6.3 stable-removed: `zsock_set_sndhwm` in api/zsock_option.api",
    );
    expect(result.stdout).toContain("breaking");
  });

  it("compares with the default branch by default", async () => {
    const work = initRepo();
    commitFiles(work, { "include/zmq.h": zmqHeader });
    git(work, "checkout", "--quiet", "-b", "topic");
    commitFiles(work, { "include/zmq.h": zmqHeader.replace("#define ZMQ_PUB 1\n", "") });
    const result = await run(work, ["contract", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).changes[0]).toMatchObject({
      symbol: "ZMQ_PUB",
      kind: "stable-removed",
    });
  });

  it("reports a reused name against --history", async () => {
    const work = initRepo();
    const old = commitFiles(work, {
      "include/zmq.h": zmqHeader.replace(
        "#define ZMQ_MORE 1",
        "#define ZMQ_MORE 1\n#define ZMQ_SRCFD 2",
      ),
    });
    const then = commitFiles(work, { "include/zmq.h": zmqHeader });
    const now = commitFiles(work, {
      "include/zmq.h": zmqHeader.replace(
        "#define ZMQ_MORE 1",
        "#define ZMQ_MORE 1\n#define ZMQ_SRCFD 9",
      ),
    });
    const result = await run(work, [
      "contract",
      "--base",
      then,
      "--head",
      now,
      "--history",
      old,
      "--format",
      "json",
    ]);
    expect(JSON.parse(result.stdout).changes).toMatchObject([
      { symbol: "ZMQ_SRCFD", kind: "name-reused", clause: "2.6.8" },
    ]);
  });

  it("exits 2 with one line on an unreadable revision", async () => {
    const result = await run(repo, ["contract", "--base", "no-such-ref", "--head", breaking]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^c4bot contract: cannot read revision "no-such-ref"/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("exits 2 naming the file and line of malformed XML", async () => {
    const broken = commitFiles(repo, {
      "api/zsock.api": zsockApi.replace("</method>", "</methd>"),
    });
    const result = await run(repo, ["contract", "--base", breaking, "--head", broken]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^c4bot contract: api\/zsock\.api:28: malformed XML/);
    expect(result.stderr).not.toContain("    at ");
  });
});

describe("c4bot check on the default range", () => {
  it("judges the public contract too", async () => {
    const work = initRepo();
    commitFiles(work, { "include/zmq.h": zmqHeader });
    git(work, "checkout", "--quiet", "-b", "topic");
    commitFiles(work, { "include/zmq.h": zmqHeader.replace("#define ZMQ_PUB 1\n", "") });
    const result = await run(work, ["check", "--format", "json"]);
    expect(result.code).toBe(1);
    const rule = JSON.parse(result.stdout).results.find(
      (entry: { rule: string }) => entry.rule === "public-contract",
    );
    expect(rule).toMatchObject({ outcome: "fail", clause: "2.3.4" });
    expect(rule.details[0]).toContain("stable-removed: `ZMQ_PUB`");
  });
});
