import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Metric } from "../../src/bench/bench-report.ts";

const childScript = fileURLToPath(new URL("../../dist/bench/core-child.js", import.meta.url));

describe("the core scenario's inproc part", () => {
  it("pairs each core sample with a LocalQueue sample from another process, and ends both", async () => {
    const child = spawn(process.execPath, [childScript, "inproc", "2"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    // The part exits only once the LocalQueue process is gone (it holds an IPC channel).
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    const line = stdout.split("\n").find((l) => l.startsWith('{"metrics"'));
    const metrics = (JSON.parse(line ?? "{}") as { metrics: Metric[] }).metrics;
    const byId = new Map(metrics.map((m) => [m.id, m]));
    const core = byId.get("core.inproc.throughput")?.samples ?? [];
    const local = byId.get("baseline.promise-queue")?.samples ?? [];
    const ratios = byId.get("core.ratio.inproc_vs_promise_queue")?.samples ?? [];
    expect(core).toHaveLength(2);
    expect(local).toHaveLength(2);
    for (const rate of [...core, ...local]) expect(rate).toBeGreaterThan(1000);
    expect(ratios).toEqual([0, 1].map((i) => (core[i] as number) / (local[i] as number)));
    expect(byId.get("core.inproc.cpu_per_job")?.samples).toHaveLength(2);
    expect(byId.get("baseline.promise-queue.cpu_per_job")?.samples).toHaveLength(2);
  }, 30_000);
});
