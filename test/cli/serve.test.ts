import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { curveKeyPair, Dealer } from "zeromq";
import { encodeReports } from "../../src/core/protocol.ts";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

const cli = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("c4bot serve (the production process)", () => {
  let sim: GitHubSimulator;
  const children: ChildProcess[] = [];
  const dataDirs: string[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    await sim?.close();
    for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Probot's environment for the simulator (as serve and worker take it). */
  function appEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      APP_ID: String(sim.appId),
      PRIVATE_KEY: sim.privateKey,
      WEBHOOK_SECRET: sim.webhookSecret,
      GHE_HOST: new URL(sim.url).host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
    };
  }

  function run(args: string[], env: NodeJS.ProcessEnv) {
    const child = spawn(process.execPath, [cli, ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    const output = { stdout: "", stderr: "" };
    child.stdout?.on("data", (chunk) => {
      output.stdout += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output.stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { child, output, exited };
  }

  async function startServe(extraEnv: NodeJS.ProcessEnv = {}) {
    sim = new GitHubSimulator();
    await sim.start();
    // The history in a directory of its own, not ./.data where the tests run.
    const dataDir = mkdtempSync(join(tmpdir(), "c4bot-serve-"));
    dataDirs.push(dataDir);
    return spawnServe(dataDir, 20_000 + Math.floor(Math.random() * 20_000), extraEnv);
  }

  /** `c4bot serve` on `port` with the data directory `dataDir`, once it answers, as the sim's app. */
  async function spawnServe(dataDir: string, port: number, extraEnv: NodeJS.ProcessEnv = {}) {
    const serve = run(["serve"], {
      ...appEnv(),
      PORT: String(port),
      HOST: "127.0.0.1",
      C4BOT_DATA_DIR: dataDir,
      ...extraEnv,
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
    return { ...serve, base };
  }

  /** Opens a correct patch and waits for it to be merged. */
  async function mergeOnePull(): Promise<number> {
    sim.createRepo({ owner: "zeromq", name: "czmq" });
    const { number } = sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: zsock leaks",
      commits: [{ message: "Problem: zsock leaks\n\nSolution: free it." }],
    });
    for (let i = 0; i < 300; i++) {
      await sim.settle();
      if (sim.state().pulls.find((p) => p.number === number)?.merged) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sim.state().pulls.find((p) => p.number === number)?.merged).toBe(true);
    return number;
  }

  it("takes Probot's environment, merges a correct patch on GHES, and stops on SIGTERM", async () => {
    const serve = await startServe();
    await mergeOnePull();
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);
    expect(serve.output.stderr).toContain(`listening on ${serve.base}`);
  });

  it("runs after a SIGKILL the webhooks' jobs it had answered and not run (the journal)", async () => {
    const serve = await startServe();
    const repo = "zeromq/czmq";
    sim.createRepo({ owner: "zeromq", name: "czmq" });
    // The first welcomes' look at the author's issues and pull requests hangs
    // (newcomer's issue, alice's first pull request): serve is killed while they wait.
    sim.addFault({ method: "GET", route: "/repos/{owner}/{repo}/issues", delayMs: 8000, times: 2 });
    const issue = sim.openIssue({
      repo,
      author: "newcomer",
      title: "zsock leaks",
      body: "Problem: zsock_destroy leaks the socket.",
    });
    const openPull = (n: number) =>
      sim.openPull({
        repo,
        author: "alice",
        body: `Problem: leak ${n}`,
        commits: [{ message: `Problem: leak ${n}\n\nSolution: free it.` }],
      }).number;
    const pulls = [1, 2, 3, 4, 5, 6].map(openPull);
    const answered = () => sim.deliveries().filter((d) => d.status === 202).length;
    for (let i = 0; i < 400 && answered() < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(answered()).toBeGreaterThanOrEqual(4);
    serve.child.kill("SIGKILL");
    await serve.exited;

    // While it is down: deliveries fail, and GitHub does not send them again.
    pulls.push(...[7, 8].map(openPull));
    await sim.settle();
    expect(sim.deliveries().filter((d) => d.status === null).length).toBeGreaterThanOrEqual(2);

    const again = await spawnServe(dataDirs[0] as string, Number(new URL(serve.base).port));
    const welcomes = (number: number) =>
      sim
        .state()
        .comments.filter(
          (c) =>
            c.number === number && c.author === sim.botLogin && c.body.includes("c4bot:welcome"),
        ).length;
    const merged = () => pulls.filter((n) => sim.state().pulls.find((p) => p.number === n)?.merged);
    const done = () =>
      merged().length === pulls.length &&
      welcomes(issue.number) > 0 &&
      welcomes(pulls[0] as number) > 0;
    for (let i = 0; i < 400 && !done(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(merged()).toEqual(pulls);
    // Each by exactly one merge call that worked, whoever found it (journal, sweep).
    const merges = sim
      .calls()
      .filter((c) => c.method === "PUT" && c.route.endsWith("/merge") && c.status === 200)
      .map((c) => Number(c.path.split("/").at(-2)));
    expect(merges.sort((a, b) => a - b)).toEqual(pulls);
    // The welcomes, answered 2xx before the kill and not finished, ran once after it.
    expect([welcomes(issue.number), welcomes(pulls[0] as number)]).toEqual([1, 1]);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 40_000);

  it("records in its history and metrics what a remote `c4bot worker` judged and merged", async () => {
    const brokerPort = 20_000 + Math.floor(Math.random() * 20_000);
    const endpoint = `tcp://127.0.0.1:${brokerPort}`;
    // No in-process worker: every job runs in the worker process.
    const serve = await startServe({
      C4BOT_BIND: endpoint,
      C4BOT_INSECURE: "true",
      C4BOT_WORKERS: "0",
    });
    const worker = run(["worker", "--connect", endpoint], appEnv());
    const number = await mergeOnePull();
    expect(worker.output.stderr).toContain(`taking jobs from ${endpoint}`);

    let metrics = "";
    for (let i = 0; i < 100; i++) {
      metrics = await (await fetch(`${serve.base}/metrics`)).text();
      if (metrics.includes('c4bot_merges_total{kind="correct"} 1')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(metrics).toContain('c4bot_evaluations_total{decision="merge"}');
    expect(metrics).toContain('c4bot_merges_total{kind="correct"} 1');
    // serve made no GitHub request of its own for this: the worker's are reported.
    expect(metrics).toMatch(
      /c4bot_github_requests_total\{method="POST",route="\/graphql",status="200"\} [1-9]/,
    );
    const dashboard = await (await fetch(`${serve.base}/`)).text();
    expect(dashboard).toContain("zeromq/czmq");
    expect(dashboard).toContain(`#${number}`);

    worker.child.kill("SIGTERM");
    serve.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(await serve.exited).toBe(0);
  });

  it("takes jobs only from remote workers whose CURVE key is in C4BOT_WORKER_KEYS", async () => {
    const endpoint = `tcp://127.0.0.1:${20_000 + Math.floor(Math.random() * 20_000)}`;
    const keys = mkdtempSync(join(tmpdir(), "c4bot-curve-"));
    dataDirs.push(keys);
    // The broker's and the allowed worker's pairs from `c4bot keygen --out`.
    const [broker, friend] = ["broker.keys", "friend.keys"].map((name) =>
      run(["keygen", "--out", join(keys, name)], process.env),
    );
    expect(await broker?.exited).toBe(0);
    expect(await friend?.exited).toBe(0);
    // A pair in the same format that serve is not told of.
    writeFileSync(join(keys, "stranger.keys"), JSON.stringify(curveKeyPair()), { mode: 0o600 });
    const serve = await startServe({
      C4BOT_BIND: endpoint,
      C4BOT_CURVE_KEYS: join(keys, "broker.keys"),
      C4BOT_WORKER_KEYS: friend?.output.stdout.trim(),
      C4BOT_WORKERS: "0",
    });
    const metric = async (line: RegExp) => {
      for (let i = 0; i < 100; i++) {
        if (line.test(await (await fetch(`${serve.base}/metrics`)).text())) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no ${line} in /metrics`);
    };
    // KEY joined with "=": a Z85 key may start with "-", which parseArgs takes for a flag.
    const worker = (name: string) =>
      run(
        [
          ...["worker", "--connect", endpoint, "--test-handler", "echo"],
          ...["--curve-keys", join(keys, name), `--broker-key=${broker?.output.stdout.trim()}`],
        ],
        appEnv(),
      );

    const stranger = worker("stranger.keys");
    sim.createRepo({ owner: "zeromq", name: "czmq" });
    sim.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: zsock leaks",
      commits: [{ message: "Problem: zsock leaks\n\nSolution: free it." }],
    });
    await sim.settle();
    await metric(/^c4bot_queue_jobs\{state="waiting"\} [1-9]/m);
    for (let i = 0; i < 100 && !stranger.output.stderr.includes("taking jobs"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(stranger.output.stderr).toContain(`taking jobs from ${endpoint}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Running, but refused: no job, not counted as a worker.
    expect(stranger.child.exitCode).toBeNull();
    expect(stranger.output.stdout).toBe("");
    await metric(/^c4bot_workers 0$/m);

    const allowed = worker("friend.keys");
    await metric(/^c4bot_workers 1$/m);
    // The pull request's job (serve's start-up reconcile may run first).
    const pullDone = /"event":"done","key":"[^"]*zeromq\/czmq/;
    for (let i = 0; i < 200 && !pullDone.test(allowed.output.stdout); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(allowed.output.stdout).toMatch(pullDone);
    expect(stranger.output.stdout).toBe("");
  });

  it("logs a worker's bad reports as JSON lines with the rest, and drops them", async () => {
    const endpoint = `tcp://127.0.0.1:${20_000 + Math.floor(Math.random() * 20_000)}`;
    const serve = await startServe({
      C4BOT_BIND: endpoint,
      C4BOT_INSECURE: "true",
      C4BOT_WORKERS: "0",
      LOG_LEVEL: "warn",
    });
    const rogue = new Dealer({ linger: 0 });
    try {
      rogue.connect(endpoint);
      await rogue.send(encodeReports([{ topic: "c4bot.verdict", json: "{not json" }]));
      await rogue.send(encodeReports([{ topic: "c4bot.merged", json: '{"repo":"x"}' }]));
      const lines = () =>
        serve.output.stdout
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as { msg?: string; topic?: string });
      for (let i = 0; i < 100 && lines().length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(lines()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            msg: "worker report is not JSON: dropped",
            topic: "c4bot.verdict",
          }),
          expect.objectContaining({ msg: "bad worker report dropped", topic: "c4bot.merged" }),
        ]),
      );
      const metrics = await (await fetch(`${serve.base}/metrics`)).text();
      expect(metrics).not.toContain("c4bot_merges_total{");
    } finally {
      rogue.close();
    }
    serve.child.kill("SIGTERM");
    expect(await serve.exited).toBe(0);
  });
});
