import { describe, expect, it } from "vitest";
import { contractScenario } from "../../src/bench/contract-scenario.ts";
import { scenarios } from "../../src/bench/scenarios.ts";

describe("the contract scenario", () => {
  it("is registered and measures c4bot contract beyond git on libzmq-sized inputs", async () => {
    expect(scenarios).toContain(contractScenario);
    // One sample: the run itself fails unless the command finds the planted break.
    const metrics = await contractScenario.run({ progress: () => {}, samples: 1 });
    expect(metrics.map((metric) => metric.id)).toEqual([
      "contract.beyond_git_ms",
      "contract.git_seconds",
      "contract.total_seconds",
    ]);
    expect(metrics.every((metric) => metric.samples.length === 1)).toBe(true);
  }, 60_000);
});
