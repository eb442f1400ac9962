import type { Reporter, TestModule } from "vitest/node";

/**
 * The end of every run names each skipped test, why, and the command that
 * enables it (issue 21): "every test" must not silently mean "every test
 * this machine could run". `.ci/prerequisites` (run by `npm test`)
 * installs what it can first.
 */
export interface SkippedTest {
  file: string;
  name: string;
  /** The note of `ctx.skip(note)`, if the test gave one. */
  note?: string | undefined;
}

/** Why the tests of a file skip, and what enables them. */
const needs: { file: RegExp; reason: string; enable: string }[] = [
  {
    file: /dashboard\.browser\.test\.ts$/,
    reason:
      "needs Debian's Chromium at /usr/bin/chromium (the one under CI=true checks it is there)",
    enable: "sudo apt-get install -y chromium",
  },
  {
    file: /bullmq-baseline\.test\.ts$/,
    reason: "needs redis-server",
    enable: "sudo apt-get install -y redis-server",
  },
  {
    file: /corpus-replay\.test\.ts$/,
    reason:
      "needs the ZeroMQ pull-request corpus at ../shared/corpus/prs.jsonl beside the checkout",
    enable: "C4BOT_CORPUS=/path/to/prs.jsonl npm test",
  },
  {
    file: /image\.e2e\.test\.ts$/,
    reason: "needs podman, runc and mmdebstrap, and root to make the base image",
    enable: "sudo apt-get install -y --no-install-recommends podman runc mmdebstrap",
  },
];

/** The summary's text, or "" when nothing was skipped. */
export function describeSkipped(skipped: SkippedTest[]): string {
  if (skipped.length === 0) return "";
  const lines = [`${skipped.length} skipped (each with why and what enables it):`];
  for (const test of skipped) {
    const known = needs.find((need) => need.file.test(test.file));
    const why = test.note ?? known?.reason ?? "skipped by the test itself";
    lines.push(`  - ${test.file} > ${test.name}`, `      ${why}`);
    if (known) lines.push(`      enable: ${known.enable}`);
  }
  return `\n${lines.join("\n")}\n`;
}

export default class SkippedTestsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const skipped: SkippedTest[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state !== "skipped") continue;
        skipped.push({ file: module.relativeModuleId, name: test.fullName, note: result.note });
      }
    }
    process.stdout.write(describeSkipped(skipped));
  }
}
