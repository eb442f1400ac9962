import { describe, expect, it } from "vitest";
import { createJobHandler } from "../../src/app/handle-job.ts";
import type { GitHubClient } from "../../src/github/client.ts";

/** Issue 6: one pull request's story can be followed with grep on the job key or delivery id. */
describe("job log lines", () => {
  it("carry the delivery id, the job key and the attempt", async () => {
    const lines: object[] = [];
    const capture = (object: object) => {
      lines.push(object);
    };
    const handler = createJobHandler({
      auth: async () => ({}) as GitHubClient,
      log: { info: capture, warn: capture, error: capture },
      extraHandlers: {
        "test.log": async (_github, _job, _context, log) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          log.info({ step: "after an await" }, "still this job's line");
        },
      },
    });
    const context = { attempt: 2, enqueue: async () => "queued" as const };
    await Promise.all([
      handler(
        { kind: "test.log", key: "zeromq/libzmq#12", payload: {}, deliveryId: "d-12" },
        context,
      ),
      handler(
        { kind: "nobody.knows", key: "zeromq/czmq#3", payload: {}, deliveryId: "d-3" },
        context,
      ),
    ]);
    expect(lines).toContainEqual({
      jobKey: "zeromq/libzmq#12",
      jobKind: "test.log",
      attempt: 2,
      deliveryId: "d-12",
      step: "after an await",
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        jobKey: "zeromq/czmq#3",
        deliveryId: "d-3",
        jobKind: "nobody.knows",
      }),
    );
  });
});
