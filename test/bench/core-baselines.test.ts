import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/cli/package-info.ts";

// The echo peer is a process of its own, run from the build (`npm test` builds first).
const built = join(packageRoot, "dist", "bench", "core-baselines.js");

describe("roundTripLatencies (the raw floor of the core's one-in-flight latency)", () => {
  it("times at least 500 round trips to an echo process over loopback tcp, and stops it", async () => {
    const { roundTripLatencies } = (await import(
      built
    )) as typeof import("../../src/bench/core-baselines.ts");
    const before = Date.now();
    const times = await roundTripLatencies(200);
    expect(times.length).toBeGreaterThanOrEqual(500);
    for (const time of times) {
      expect(time).toBeGreaterThan(0);
      // Loopback round trips, not timeouts (the sockets' receive timeout is 2 s).
      expect(time).toBeLessThan(2000);
    }
    expect(Date.now() - before).toBeLessThan(20_000);
  });
});
