import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PermanentJobError } from "../../src/core/job.ts";
import type { GitHubClient } from "../../src/github/client.ts";
import { createJobRunner } from "../../src/jobs/create-job-runner.ts";
import { defineJobKind } from "../../src/jobs/job-kind.ts";

/** Issue 6: one pull request's story can be followed with grep on the job key or delivery id. */
describe("job log lines", () => {
  it("carry the delivery id, the job key and the attempt", async () => {
    const lines: object[] = [];
    const capture = (object: object) => {
      lines.push(object);
    };
    const handler = createJobRunner({
      auth: async () => ({}) as GitHubClient,
      log: { info: capture, warn: capture, error: capture },
      kinds: [
        defineJobKind({
          kind: "test.log",
          payload: z.object({}),
          key: () => "zeromq/libzmq#12",
          async run({ log }) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            log.info({ step: "after an await" }, "still this job's line");
          },
        }),
      ],
    });
    const context = { attempt: 2, enqueue: async () => "queued" as const };
    const [known, unknown] = await Promise.allSettled([
      handler(
        { kind: "test.log", key: "zeromq/libzmq#12", payload: {}, deliveryId: "d-12" },
        context,
      ),
      handler(
        { kind: "nobody.knows", key: "zeromq/czmq#3", payload: {}, deliveryId: "d-3" },
        context,
      ),
    ]);
    expect(known?.status).toBe("fulfilled");
    expect(unknown).toMatchObject({ status: "rejected", reason: expect.any(PermanentJobError) });
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
