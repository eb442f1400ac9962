import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRevisionContracts } from "../../src/github/read-revision-contracts.ts";
import { RequestBudget } from "../../src/github/request-budget.ts";
import { tokenClient } from "../../src/github/token-client.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { zmqHeader, zwidgetApi } from "../c4/contract/contract-fixtures.ts";
import { installationToken } from "../sandbox/sandbox-helpers.ts";

const REPO = "zeromq/libzmq";
const repo = { owner: "zeromq", repo: "libzmq" };

/*
 *  v1: api/zwidget.api (A), include/zmq.h, include/zmq/extra.h, src/x.c
 *  v2: api/zwidget.api (A), api/zfresh.api  ── the same blob A in both: read once
 *  v3: api/zwidget.api (B)
 */
describe("readRevisionContracts, against the simulator", () => {
  const sim = new GitHubSimulator();
  let github: NonNullable<ReturnType<typeof tokenClient>>;
  /** The blob expressions each C4ReleaseContractFiles query asked for. */
  const blobReads: string[][] = [];

  beforeAll(async () => {
    await sim.start();
    sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      files: {
        "api/zwidget.api": zwidgetApi({}),
        "include/zmq.h": zmqHeader,
        "include/zmq/extra.h": "#ifdef ZMQ_BUILD_DRAFT_API\nint zmq_extra (void);\n#endif\n",
        "src/x.c": "int x;\n",
      },
    });
    sim.createTag({ repo: REPO, tag: "v1", pusher: "pieter" });
    const push = (files: Record<string, string | null>) =>
      sim.pushToBranch({
        repo: REPO,
        pusher: "pieter",
        commits: [{ message: "Problem: x\n\nSolution: y.", files }],
      });
    push({
      "api/zfresh.api": '<class name = "zfresh" state = "draft" />\n',
      "src/x.c": "int y;\n",
    });
    sim.createTag({ repo: REPO, tag: "v2", pusher: "pieter" });
    push({ "api/zwidget.api": zwidgetApi({ oldHwm: "deprecated" }), "api/zfresh.api": null });
    sim.createTag({ repo: REPO, tag: "v3", pusher: "pieter" });
    const client = tokenClient({
      GITHUB_TOKEN: await installationToken(sim),
      GITHUB_API_URL: sim.apiUrl,
    });
    if (!client) throw new Error("no client");
    github = client;
    github.hook.before("request", (options) => {
      const body = options as { query?: string; variables?: Record<string, string> };
      if (body.query?.includes("C4ReleaseContractFiles")) {
        blobReads.push(
          Object.entries(body.variables ?? {})
            .filter(([name]) => /^e\d+$/.test(name))
            .map(([, value]) => value),
        );
      }
    });
  });
  afterAll(() => sim.close());

  it("lists each revision's contract files, reading every distinct blob once", async () => {
    const budget = new RequestBudget(10);
    const read = await readRevisionContracts(github, repo, ["v1", "v2", "v3", "gone"], [], budget);
    const paths = read?.map((files) => files?.map((file) => file.path) ?? null);
    expect(paths).toEqual([
      ["api/zwidget.api", "include/zmq.h", "include/zmq/extra.h"],
      ["api/zfresh.api", "api/zwidget.api", "include/zmq.h", "include/zmq/extra.h"],
      ["api/zwidget.api", "include/zmq.h", "include/zmq/extra.h"],
      null,
    ]);
    expect(read?.[2]?.[0]?.text).toContain('state = "deprecated"');
    expect(read?.[1]?.[1]?.text).toBe(zwidgetApi({}));
    // Five distinct blobs: both models of zwidget, zfresh, the two headers.
    expect(blobReads).toEqual([
      [
        "v1:api/zwidget.api",
        "v1:include/zmq.h",
        "v1:include/zmq/extra.h",
        "v2:api/zfresh.api",
        "v3:api/zwidget.api",
      ],
    ]);
    expect(budget.used).toBe(2);
    expect(sim.violations()).toEqual([]);
  });

  it("gives up at the budget rather than return a part of the history", async () => {
    expect(await readRevisionContracts(github, repo, ["v1"], [], new RequestBudget(1))).toBeNull();
    expect(await readRevisionContracts(github, repo, ["v1"], [], new RequestBudget(0))).toBeNull();
  });

  it("reads only the configured files", async () => {
    const read = await readRevisionContracts(
      github,
      repo,
      ["v3"],
      [{ path: "include/zmq.h", kind: "c-header" }],
      new RequestBudget(10),
    );
    expect(read?.map((files) => files?.map((file) => file.path))).toEqual([["include/zmq.h"]]);
  });
});
