import { describe, expect, it } from "vitest";
import { contractScenario } from "../../src/bench/contract-scenario.ts";
import { scenarios } from "../../src/bench/scenarios.ts";

describe("the contract scenario", () => {
  it("is registered and measures c4bot contract beyond git on libzmq-sized inputs, typical and worst", async () => {
    expect(scenarios).toContain(contractScenario);
    // One sample: the run itself fails unless the command finds the planted break.
    const metrics = await contractScenario.run({ progress: () => {}, samples: 1 });
    expect(metrics.map((metric) => metric.id)).toEqual(
      ["typical", "worst"].flatMap((revision) =>
        ["beyond_git_ms", "vs_limit", "compare_ms", "git_ms", "start_ms"].map(
          (figure) => `contract.${revision}.${figure}`,
        ),
      ),
    );
    const value = (id: string) => metrics.find((metric) => metric.id === id)?.median ?? Number.NaN;
    expect(value("contract.typical.vs_limit")).toBeCloseTo(
      value("contract.typical.beyond_git_ms") / 100,
    );
    expect(metrics.every((metric) => metric.samples.length === 1)).toBe(true);
  }, 60_000);
});
