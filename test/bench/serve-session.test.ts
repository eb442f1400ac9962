import { describe, expect, it } from "vitest";
import { metric } from "../../src/bench/bench-report.ts";
import type { Scenario } from "../../src/bench/scenario.ts";
import {
  type SessionReply,
  type SessionRequest,
  serveSession,
} from "../../src/bench/serve-session.ts";

/** A scenario whose n-th sample is n, and which records its life. */
function countingScenario(life: string[], failAt = Number.POSITIVE_INFINITY): Scenario {
  return {
    name: "counting",
    description: "test",
    run: async () => [],
    async open(progress) {
      life.push("open");
      progress("warmed up");
      let n = 0;
      return {
        async sample() {
          n++;
          if (n >= failAt) throw new Error("sample broke");
          return [metric("count", "n", "higher", [n])];
        },
        async close() {
          life.push("close");
        },
      };
    },
  };
}

/** An in-memory channel: requests go in, replies are recorded. */
function channel() {
  const replies: SessionReply[] = [];
  let listener: ((request: SessionRequest) => void) | undefined;
  return {
    replies,
    request: (request: SessionRequest) => listener?.(request),
    channel: {
      send: (reply: SessionReply) => replies.push(reply),
      onRequest: (l: (request: SessionRequest) => void) => {
        listener = l;
      },
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("serveSession", () => {
  it("says ready once warmed up, samples on request, and closes the scenario", async () => {
    const life: string[] = [];
    const link = channel();
    const served = serveSession(countingScenario(life), link.channel);
    await tick();
    expect(link.replies).toEqual([{ type: "progress", line: "warmed up" }, { type: "ready" }]);
    link.request({ type: "sample" });
    link.request({ type: "sample" });
    await tick();
    link.request({ type: "close" });
    await served;
    const samples = link.replies.filter((reply) => reply.type === "sample");
    expect(samples.map((reply) => reply.type === "sample" && reply.metrics[0]?.samples)).toEqual([
      [1],
      [2],
    ]);
    expect(life).toEqual(["open", "close"]);
  });

  it("answers a failing sample with an error and still closes", async () => {
    const life: string[] = [];
    const link = channel();
    const served = serveSession(countingScenario(life, 1), link.channel);
    await tick();
    link.request({ type: "sample" });
    await served;
    expect(link.replies.at(-1)).toEqual({ type: "error", message: "Error: sample broke" });
    expect(life).toEqual(["open", "close"]);
  });

  it("refuses a scenario that cannot be sampled in turn", async () => {
    const link = channel();
    await expect(
      serveSession({ name: "whole", description: "", run: async () => [] }, link.channel),
    ).rejects.toThrow(/cannot be sampled in turn/);
  });
});
