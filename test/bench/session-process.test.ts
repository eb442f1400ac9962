import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listScenarios,
  parseHelpList,
  runRounds,
  SAMPLED_IN_TURN_HEADING,
} from "../../src/bench/run-rounds.ts";
import { SessionProcess } from "../../src/bench/session-process.ts";
import { packageRoot } from "../../src/cli/package-info.ts";

// These run the built CLI (dist/cli.js), as `bench ab` does: `npm test` builds first.
const side = { name: "this build", dir: packageRoot };

describe("parseHelpList", () => {
  it("reads the names under a heading, with or without descriptions", () => {
    const help = [
      "Scenarios:",
      "  check  c4bot check on commits",
      "  worker  jobs/s",
      "",
      SAMPLED_IN_TURN_HEADING,
      "  worker",
      "",
      "Options:",
    ].join("\n");
    expect(parseHelpList(help, "Scenarios:")).toEqual(["check", "worker"]);
    expect(parseHelpList(help, SAMPLED_IN_TURN_HEADING)).toEqual(["worker"]);
    expect(parseHelpList("Scenarios:\n  check  x\n", SAMPLED_IN_TURN_HEADING)).toEqual([]);
  });
});

describe("bench session and interleaved rounds (the built CLI)", () => {
  let workDir = "";
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "c4bot-rounds-"));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("lists the scenarios this build can sample in turn", async () => {
    const known = await listScenarios(packageRoot);
    expect(known.names).toContain("worker");
    expect(known.interleaved).toEqual(["worker"]);
  });

  it("starts a warmed-up session, samples it on request, and closes it", async () => {
    const session = await SessionProcess.start(side, "worker", () => {});
    try {
      for (let i = 0; i < 2; i++) {
        const metrics = await session.sample();
        expect(metrics.map((m) => m.id)).toEqual([
          "worker.inproc.throughput",
          "worker.inproc.cpu_per_job",
        ]);
        for (const m of metrics) {
          expect(m.samples).toHaveLength(1);
          expect(m.median).toBeGreaterThan(0);
        }
      }
    } finally {
      await session.close();
    }
  });

  it("fails to start with the child's own error for a scenario it cannot sample", async () => {
    await expect(SessionProcess.start(side, "check", () => {})).rejects.toThrow(
      /bench session exited[\s\S]*--scenario must name one of: worker/,
    );
  });

  it("interleaves the sides' samples round by round and marks the metrics", async () => {
    const sides = [
      { ...side, name: "a", scenarios: ["worker"], interleaved: ["worker"] },
      { ...side, name: "b", scenarios: ["worker"], interleaved: ["worker"] },
    ];
    const lines: string[] = [];
    const [a, b] = await runRounds({
      sides,
      rounds: 2,
      samples: 1,
      interleavedSamples: 2,
      workDir,
      progress: (line) => lines.push(line),
    });
    for (const reports of [a, b]) {
      expect(reports).toHaveLength(2);
      for (const report of reports ?? []) {
        const throughput = report.metrics.find((m) => m.id === "worker.inproc.throughput");
        expect(throughput).toMatchObject({ interleaved: true });
        expect(throughput?.samples).toHaveLength(2);
      }
    }
    expect(lines).toContain("round 2/2: worker, interleaved");
    // No `bench run` process was needed: every scenario was interleaved.
    expect(lines.some((line) => line.includes(`(${packageRoot}`))).toBe(false);
    // Two built CLIs sample four rounds: about 20 s alone, twice that on a busy 2-core machine.
  }, 120_000);
});
