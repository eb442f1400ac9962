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

describe("pacedRoundTrips (the raw floor of the core's half-rate latency)", () => {
  it("times every message sent at the given rate after the warm-up, and stops the echo process", async () => {
    const { pacedRoundTrips } = (await import(
      built
    )) as typeof import("../../src/bench/core-baselines.ts");
    let turns = 0;
    const pace = () => {
      turns++;
      return new Promise((resolve) => setTimeout(resolve, 1));
    };
    const times = await pacedRoundTrips(2000, 400, pace);
    // 2,000 a second for 400 ms: about 800 timed, none lost, none from the warm-up.
    expect(times.length).toBeGreaterThan(700);
    expect(times.length).toBeLessThanOrEqual(800);
    for (const time of times) {
      expect(time).toBeGreaterThan(0);
      expect(time).toBeLessThan(2000);
    }
    // Paced: many turns, several messages a turn, not one burst.
    expect(turns).toBeGreaterThan(200);
  });
});
