import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("c4bot sandbox --once (the README's first command, without the waiting)", () => {
  it("plays the demo against the simulator and checks the outcome", () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const run = spawnSync(process.execPath, [cli, "sandbox", "--once", "--port", String(port)], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1", C4BOT_DASHBOARD_TOKEN: "" },
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`GitHub simulator: http://127.0.0.1:${port}`);
    // A way into the dashboard: the token it made, since none was set.
    expect(out).toMatch(
      / {2}maintainer token: [0-9a-f]{24} \(sign in at the top of the dashboard\)/,
    );
    expect(out).toMatch(/zeromq\/libzmq#2 by alice: ✓ correct patch: merging/);
    expect(out).toMatch(/#3 by bob: ✗ not a correct patch yet\n\s+commit-message \(C4 2\.3\.7\)/);
    expect(out).toMatch(/#4 by carol: ✗[^\n]*\n\s+target-branch/);
    expect(out).toMatch(/#5 by pieter: … waiting\n\s+self-merge/);
    expect(out).toMatch(/#6 by dave: … waiting\n\s+ci-green/);
    expect(out).toMatch(/#2 {2}merged {6}a correct patch/);
    expect(out).toMatch(/#3 {2}not merged/);
    expect(out).toMatch(
      /#8 by grace: ○ draft: a neutral check[^\n]*\n\s+commit-message \(C4 2\.3\.7\)/,
    );
    expect(out).toMatch(/#8 {2}not merged {2}a draft/);
    // The public-contract guard (C4 2.3.4, 2.6.3): a stable function removed is held.
    expect(out).toMatch(
      /#9 by heidi: ✗ not a correct patch yet\n\s+public-contract \(C4 2\.3\.4\)[^\n]*\(zmq_ctx_shutdown\)/,
    );
    expect(out).toMatch(/#9 {2}not merged {2}a patch that removes a stable function/);
    expect(out).toMatch(
      /#5 \(pieter\): refused \/c4 merge on the maintainer's own patch \(C4 2\.4\.13\)/,
    );
    // The community tooling (docs/community.md): a welcome, a triage comment, release notes.
    expect(out).toMatch(/#2 \(alice\): welcomed a newcomer/);
    expect(out).toMatch(/#7 \(erin\): asked for the observed problem \(C4 2\.4\.3, 2\.4\.5\)/);
    expect(out).toMatch(
      /#1 \(frank\): asked the author to verify the fix merged in #2 \(C4 2\.4\.17\)/,
    );
    expect(out).toContain("Release v4.3.5, notes written by c4bot (C4 2.4.6):");
    expect(out).toMatch(
      /- #2 by @alice \(closes #1\)\n\s+- Problem: zmq_send drops the last frame/,
    );
    expect(out).toContain("The demo played out as C4 says it should.");
  });
});

describe("c4bot sandbox on a taken port (issue 21)", () => {
  it("says which port is taken and how to pick another, without a stack trace", async () => {
    const { createServer } = await import("node:net");
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [cli, "sandbox", "--once", "--port", String(port)], {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: "1", LOG_LEVEL: "info" },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        `c4bot sandbox: 127.0.0.1:${port} is already in use (EADDRINUSE)`,
      );
      expect(run.stderr).toContain("c4bot sandbox --port N");
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  });
});
