import { describe, expect, it } from "vitest";
import {
  type SnapshotData,
  toPullRead,
  usablePartialData,
} from "../../src/github/read-snapshot.ts";

const now = "2026-11-26T12:00:00Z";

function answer(
  overrides: Partial<NonNullable<NonNullable<SnapshotData["repository"]>["pullRequest"]>> = {},
): SnapshotData {
  return {
    repository: {
      nameWithOwner: "zeromq/libzmq",
      isPrivate: false,
      defaultBranchRef: {
        name: "master",
        target: {
          oid: "d".repeat(40),
          statusCheckRollup: {
            contexts: {
              nodes: [
                {
                  __typename: "CheckRun",
                  name: "build",
                  status: "COMPLETED",
                  conclusion: "SUCCESS",
                  databaseId: 1,
                },
                { __typename: "StatusContext", context: "travis", state: "PENDING" },
              ],
            },
          },
        },
      },
      config: { text: "mode: dry-run\n" },
      collaborators: {
        edges: [
          { permission: "ADMIN", node: { login: "Pieter" } },
          { permission: "WRITE", node: { login: "luca" } },
        ],
      },
      pullRequest: {
        number: 7,
        title: "Problem: x",
        body: null,
        isDraft: false,
        state: "OPEN",
        merged: false,
        mergeable: "UNKNOWN",
        createdAt: now,
        updatedAt: now,
        author: { login: "pieter" },
        baseRefName: "master",
        headRefName: "fix",
        headRefOid: "a".repeat(40),
        baseRepository: { nameWithOwner: "zeromq/libzmq" },
        headRepository: null,
        labels: { nodes: [{ name: "bug" }, null] },
        milestone: { title: "4.4" },
        files: { nodes: [{ path: ".github/c4.yml" }] },
        commits: {
          totalCount: 1,
          nodes: [
            {
              commit: {
                oid: "a".repeat(40),
                message: "Problem: x\n\nSolution: y",
                committedDate: now,
                parents: { totalCount: 1 },
                author: { user: null },
              },
            },
          ],
        },
        headCommit: {
          nodes: [
            {
              commit: {
                oid: "a".repeat(40),
                checkSuites: {
                  nodes: [
                    {
                      app: { slug: "c4bot" },
                      checkRuns: {
                        nodes: [
                          {
                            databaseId: 99,
                            name: "C4",
                            status: "COMPLETED",
                            conclusion: "FAILURE",
                          },
                          {
                            databaseId: 100,
                            name: "test",
                            status: "IN_PROGRESS",
                            conclusion: null,
                            startedAt: now,
                          },
                        ],
                      },
                    },
                  ],
                },
                status: { contexts: [{ context: "ci/travis", state: "ERROR", createdAt: now }] },
              },
            },
          ],
        },
        closingIssuesReferences: {
          nodes: [
            {
              number: 3,
              state: "CLOSED",
              repository: { nameWithOwner: "zeromq/czmq" },
              author: null,
            },
          ],
        },
        reviews: {
          nodes: [
            { author: { login: "luca" }, state: "APPROVED", submittedAt: now },
            { author: { login: "stranger" }, state: "COMMENTED", submittedAt: now },
            { author: { login: "pending" }, state: "PENDING", submittedAt: null },
          ],
        },
        ...overrides,
      },
    },
    orgConfig: { repository: { object: { text: "rules: {}\n" } } },
  };
}

describe("toPullRead", () => {
  it("maps GitHub's answer to the policy's plain snapshot", () => {
    const read = toPullRead(answer(), now);
    expect(read.state).toBe("OPEN");
    expect(read.configText).toBe("mode: dry-run\n");
    expect(read.orgConfigText).toBe("rules: {}\n");
    expect(read.changesConfig).toBe(true);
    expect(read.c4CheckRunId).toBe(99);
    expect(read.permissions.get("pieter")).toBe("admin");
    const snapshot = read.snapshot;
    expect(snapshot).toMatchObject({
      repo: { owner: "zeromq", name: "libzmq", defaultBranch: "master" },
      body: "",
      author: { login: "pieter", permission: "admin" },
      head: { ref: "fix", repo: null },
      labels: ["bug"],
      milestone: "4.4",
      mergeable: null,
      commits: [{ parents: 1, author: null, committedAt: now }],
      closingIssues: [{ number: 3, repo: "zeromq/czmq", state: "closed", author: null }],
    });
    expect(snapshot?.checks).toEqual([
      { name: "C4", kind: "check_run", status: "completed", conclusion: "failure" },
      { name: "test", kind: "check_run", status: "in_progress", conclusion: null, at: now },
      { name: "ci/travis", kind: "status", status: "completed", conclusion: "error", at: now },
    ]);
    expect(snapshot?.defaultBranchChecks).toEqual([
      { name: "build", kind: "check_run", status: "completed", conclusion: "success" },
      { name: "travis", kind: "status", status: "pending", conclusion: null },
    ]);
    // Reviews without a submission time (pending drafts) are not reviews yet.
    expect(snapshot?.reviews.map((r) => [r.author, r.permission])).toEqual([
      ["luca", "write"],
      ["stranger", "read"],
    ]);
  });

  it("gives nothing to judge when the pull request is gone", () => {
    const data = answer();
    if (data.repository) data.repository.pullRequest = null;
    expect(toPullRead(data, now).snapshot).toBeNull();
  });

  it("treats outsiders of a private repository as having no permission", () => {
    const data = answer({ author: { login: "outsider" } });
    if (data.repository) data.repository.isPrivate = true;
    expect(toPullRead(data, now).snapshot?.author.permission).toBe("none");
  });
});

describe("usablePartialData", () => {
  const partial = (errors: object[]) =>
    Object.assign(new Error("graphql"), { data: answer(), errors });

  it("accepts a missing object and unreadable collaborators or org config", () => {
    expect(usablePartialData(partial([{ type: "NOT_FOUND", path: ["repository"] }]))).toBeTruthy();
    expect(
      usablePartialData(partial([{ type: "FORBIDDEN", path: ["repository", "collaborators"] }])),
    ).toBeTruthy();
    expect(
      usablePartialData(partial([{ type: "FORBIDDEN", path: ["orgConfig", "repository"] }])),
    ).toBeTruthy();
  });

  it("throws on anything else, and on errors without data", () => {
    expect(() =>
      usablePartialData(partial([{ type: "FORBIDDEN", path: ["repository", "pullRequest"] }])),
    ).toThrow("graphql");
    expect(() => usablePartialData(new Error("network"))).toThrow("network");
  });
});
