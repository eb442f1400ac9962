import { describe, expect, it } from "vitest";
import { describeSkipped } from "./skipped-tests-reporter.ts";

describe("the summary of skipped tests (issue 21)", () => {
  it("says nothing when nothing was skipped", () => {
    expect(describeSkipped([])).toBe("");
  });

  it("names each skipped test, why, and the command that enables it", () => {
    const text = describeSkipped([
      { file: "test/bench/bullmq-baseline.test.ts", name: "BullMQ > measures" },
      { file: "test/dashboard/dashboard.browser.test.ts", name: "the dashboard > signs in" },
      { file: "test/x.test.ts", name: "x", note: "needs a GPU" },
    ]);
    expect(text).toContain("3 skipped");
    expect(text).toContain(
      "  - test/bench/bullmq-baseline.test.ts > BullMQ > measures\n      needs redis-server\n      enable: sudo apt-get install -y redis-server",
    );
    expect(text).toContain("enable: sudo apt-get install -y chromium");
    expect(text).toContain("  - test/x.test.ts > x\n      needs a GPU");
  });
});
