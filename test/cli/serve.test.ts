import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("c4bot serve (the production process)", () => {
  let sim: GitHubSimulator;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await sim?.close();
  });

  it("takes Probot's environment, merges a correct patch on GHES, and stops on SIGTERM", async () => {
    sim = new GitHubSimulator();
    await sim.start();
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    let stderr = "";
    child = spawn(process.execPath, [cli, "serve"], {
      env: {
        ...process.env,
        APP_ID: String(sim.appId),
        PRIVATE_KEY: sim.privateKey,
        WEBHOOK_SECRET: sim.webhookSecret,
        GHE_HOST: new URL(sim.url).host,
        GHE_PROTOCOL: "http",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "fatal",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    sim.setApp({ webhookUrl: `${base}/api/github/webhooks` });

    sim.createRepo({ owner: "zeromq", name: "czmq" });
    const { number } = sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: zsock leaks",
      commits: [{ message: "Problem: zsock leaks\n\nSolution: free it." }],
    });
    for (let i = 0; i < 200; i++) {
      await sim.settle();
      if (sim.state().pulls.find((p) => p.number === number)?.merged) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sim.state().pulls.find((p) => p.number === number)?.merged).toBe(true);

    const exited = new Promise<number | null>((resolve) => child?.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain(`listening on ${base}`);
  });
});
