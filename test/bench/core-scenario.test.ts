import { describe, expect, it } from "vitest";
import { metric } from "../../src/bench/bench-report.ts";
import { coreRatios } from "../../src/bench/core-scenario.ts";

/** One run's medians, as the core's parts report them. */
const run = [
  metric("core.tcp.throughput", "jobs/s", "higher", [40_000, 50_000, 45_000]),
  metric("baseline.zmq.tcp.echo32", "msgs/s", "higher", [30_000]),
  metric("core.inproc.throughput", "jobs/s", "higher", [36_000]),
  metric("baseline.zmq.inproc.echo32", "msgs/s", "higher", [24_000]),
  metric("core.tcp.latency.p50", "ms", "lower", [0.3]),
  metric("baseline.zmq.tcp.rtt.p50", "ms", "lower", [0.2]),
  metric("core.tcp.latency.p99", "ms", "lower", [0.9]),
  metric("baseline.zmq.tcp.rtt.p99", "ms", "lower", [0.3]),
  metric("core.tcp.latency.half_rate.p99", "ms", "lower", [4, 6, 5]),
  metric("baseline.zmq.tcp.paced.p99", "ms", "lower", [2, 2.5, 3]),
];

describe("coreRatios", () => {
  it("divides each figure's median by its baseline's, with the direction that is better", () => {
    const ratios = Object.fromEntries(coreRatios(run).map((m) => [m.id, m]));
    expect(ratios["core.ratio.tcp_vs_echo32"]?.median).toBeCloseTo(1.5);
    expect(ratios["core.ratio.inproc_vs_echo32"]?.median).toBeCloseTo(1.5);
    expect(ratios["core.ratio.latency_p50_vs_rtt"]?.median).toBeCloseTo(1.5);
    expect(ratios["core.ratio.latency_p99_vs_rtt"]?.median).toBeCloseTo(3);
    expect(ratios["core.ratio.half_rate_p99_vs_paced"]?.median).toBeCloseTo(2);
    expect(ratios["core.ratio.tcp_vs_echo32"]?.better).toBe("higher");
    expect(ratios["core.ratio.latency_p50_vs_rtt"]?.better).toBe("lower");
    expect(ratios["core.ratio.half_rate_p99_vs_paced"]?.better).toBe("lower");
    for (const ratio of Object.values(ratios)) expect(ratio.unit).toBe("ratio");
  });

  it("compares with BullMQ only when BullMQ was measured", () => {
    const ids = (metrics: typeof run) => coreRatios(metrics).map((m) => m.id);
    expect(ids(run)).not.toContain("core.ratio.tcp_vs_bullmq");
    const withBullmq = [...run, metric("baseline.bullmq", "jobs/s", "higher", [9_000])];
    const bullmq = coreRatios(withBullmq).find((m) => m.id === "core.ratio.tcp_vs_bullmq");
    expect(bullmq?.median).toBeCloseTo(5);
    expect(bullmq?.better).toBe("higher");
  });
});
