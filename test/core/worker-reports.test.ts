import { afterEach, describe, expect, it } from "vitest";
import { Broker } from "../../src/core/broker.ts";
import { MAX_HELD_REPORTS, Worker } from "../../src/core/worker.ts";
import { fixedTcpAddress, quietLog, waitFor } from "./helpers.ts";

describe("a worker's reports", () => {
  let broker: Broker | undefined;
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.kill();
    await broker?.close();
    broker = undefined;
    worker = undefined;
  });

  it("wait while the broker is away, the oldest going past the bound with one warning", async () => {
    const endpoint = fixedTcpAddress();
    const warnings: string[] = [];
    worker = new Worker({
      endpoint,
      heartbeatMs: 50,
      log: { warn: (_object, message) => warnings.push(String(message)) },
      handler: async () => {},
    });
    worker.start();
    const extra = 25;
    for (let n = 0; n < MAX_HELD_REPORTS + extra; n++) worker.report("test.n", { n });
    expect(warnings.filter((w) => w.includes("oldest reports dropped"))).toHaveLength(1);

    const heard: number[] = [];
    broker = new Broker({
      frontend: [],
      backend: [{ endpoint }],
      heartbeatMs: 50,
      log: quietLog,
      onReport: (topic, json) => {
        if (topic === "test.n") heard.push((JSON.parse(json) as { n: number }).n);
      },
    });
    await broker.start();
    await waitFor(() => heard.length === MAX_HELD_REPORTS, "the held reports", 15_000);
    // The newest, in order; the first `extra` were dropped.
    expect(heard).toEqual([...Array(MAX_HELD_REPORTS).keys()].map((i) => i + extra));
  });
});
