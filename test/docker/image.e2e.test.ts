import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { BASE_IMAGE, megabytes, type Outcome, Podman, podmanInstalled } from "./podman.ts";

/*
 * The image as docs/deployment.md tells people to run it: the Dockerfile,
 * unchanged, built with podman (`--pull=never`: no registry is reachable
 * where the tests run, so .ci/node-base-image makes the base image from
 * Debian's mirror and this machine's Node.js), then started read-only with
 * `c4bot serve` against the GitHub simulator on the host, until it merges a
 * correct patch. Where podman is missing the file is skipped, except in CI,
 * where that is a failure: CI installs podman (.ci/run).
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const IMAGE = "localhost/c4bot:e2e";
const installed = podmanInstalled();
const inCI = process.env.CI === "true";

// A build from scratch on a loaded 2-core machine takes minutes.
const BUILD_TIMEOUT_MS = 25 * 60_000;

/** Polls `check` every 250 ms until it holds or `ms` pass. */
async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return check();
}

const status = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    () => 0,
  );

/** podman's answer, as an assertion message: the command's end of stderr. */
const said = (outcome: Outcome) => `exit ${outcome.status}:\n${outcome.stderr.slice(-4000)}`;

// Declared only in CI, where the image must be built: elsewhere a missing
// podman skips the file (and the run's summary says how to enable it).
if (inCI) {
  it("has podman in CI, to build and run the image", () => {
    expect(installed, "podman is not installed: .ci/prerequisites installs it").toBe(true);
  });
}

describe.skipIf(!installed)("the image, built with podman and run against the simulator", () => {
  const podman = installed ? new Podman() : undefined;
  const run = (args: string[], timeoutMs?: number) =>
    (podman as Podman).run(args, { timeoutMs, cwd: root });
  const container = `c4bot-e2e-${randomBytes(4).toString("hex")}`;
  let sim: GitHubSimulator | undefined;
  let base = "";
  let started = false;

  beforeAll(async () => {
    if ((await run(["image", "exists", BASE_IMAGE])).status === 0) {
      console.info(`[image] ${BASE_IMAGE} is here already`);
    } else {
      const began = Date.now();
      const made = await (podman as Podman).run([], {
        command: `${root}.ci/node-base-image`,
        timeoutMs: BUILD_TIMEOUT_MS,
      });
      expect(made.status, `.ci/node-base-image ${said(made)}`).toBe(0);
      console.info(`[image] base image made in ${Math.round((Date.now() - began) / 1000)} s`);
    }
    const began = Date.now();
    const build = await run(
      // Docker's image format: OCI's has no HEALTHCHECK.
      [
        "build",
        "--isolation=chroot",
        "--pull=never",
        "--format",
        "docker",
        "--tag",
        IMAGE,
        "--file",
        "Dockerfile",
        ".",
      ],
      BUILD_TIMEOUT_MS,
    );
    expect(build.status, `podman build ${said(build)}`).toBe(0);
    console.info(`[image] built in ${Math.round((Date.now() - began) / 1000)} s`);
  }, 2 * BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (started) {
      const logs = await run(["logs", "--tail", "20", container]);
      console.info(`[image] the container's last lines:\n${logs.stdout}${logs.stderr}`);
    }
    // Stopped and removed, with its anonymous /data volume, pass or fail.
    await run(["rm", "--force", "--volumes", "--time", "0", container]);
    await sim?.close();
    podman?.close();
  }, 60_000);

  it("holds the product and none of the tools, in a small share over the base", async () => {
    const size = await (podman as Podman).imageSize(IMAGE);
    const baseSize = await (podman as Podman).imageSize(BASE_IMAGE);
    console.info(
      `[image] ${megabytes(size)}, base ${megabytes(baseSize)}, c4bot's share ${megabytes(size - baseSize)}`,
    );
    // The production node_modules and dist/: dev dependencies or a compiler
    // would add hundreds of MB.
    expect(size - baseSize).toBeLessThan(150e6);
    const listing = await run(["run", "--rm", "--entrypoint", "ls", IMAGE, "dist", "node_modules"]);
    expect(listing.status, said(listing)).toBe(0);
    expect(listing.stdout).toContain("cli.js");
    for (const absent of ["sandbox", "bench", "typescript", "vitest", "@biomejs"]) {
      expect(listing.stdout.split("\n"), absent).not.toContain(absent);
    }
    const sandbox = await run(["run", "--rm", IMAGE, "sandbox", "--once"]);
    expect(sandbox.status, said(sandbox)).toBe(2);
    expect(sandbox.stderr).toContain("the GitHub simulator is not in this installation");
  }, 120_000);

  it("starts read-only as a non-root user and answers /healthz and /readyz", async () => {
    const github = new GitHubSimulator();
    sim = github;
    await github.start({ host: "127.0.0.1" });
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    base = `http://127.0.0.1:${port}`;
    // As docs/deployment.md runs it, on the host's network so that the
    // simulator on 127.0.0.1 is GitHub.
    const start = await run([
      "run",
      "--detach",
      "--name",
      container,
      "--network",
      "host",
      "--read-only",
      "--env",
      `APP_ID=${github.appId}`,
      "--env",
      `PRIVATE_KEY=${github.privateKey}`,
      "--env",
      `WEBHOOK_SECRET=${github.webhookSecret}`,
      "--env",
      `GHE_HOST=${new URL(github.url).host}`,
      "--env",
      "GHE_PROTOCOL=http",
      "--env",
      `PORT=${port}`,
      "--env",
      "HOST=127.0.0.1",
      IMAGE,
    ]);
    expect(start.status, `podman run ${said(start)}`).toBe(0);
    started = true;
    expect(await waitFor(async () => (await status(`${base}/healthz`)) === 200, 60_000)).toBe(true);
    expect(await waitFor(async () => (await status(`${base}/readyz`)) === 200, 30_000)).toBe(true);

    // The Dockerfile's HEALTHCHECK, run as podman runs it.
    const health = await run(["healthcheck", "run", container]);
    expect(health.status, said(health)).toBe(0);

    const uid = await run(["exec", container, "id", "-u"]);
    expect(uid.status, said(uid)).toBe(0);
    expect(uid.stdout.trim()).not.toBe("0");
    const write = await run(["exec", container, "touch", "/written"]);
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain("Read-only file system");
  }, 120_000);

  it("merges a correct patch from a webhook, keeping its history in /data", async () => {
    expect(started, "the container runs").toBe(true);
    const github = sim as GitHubSimulator;
    github.setApp({ webhookUrl: `${base}/api/github/webhooks` });
    github.createRepo({ owner: "zeromq", name: "czmq" });
    const { number } = github.openPull({
      repo: "zeromq/czmq",
      author: "alice",
      body: "Problem: zsock leaks",
      commits: [{ message: "Problem: zsock leaks\n\nSolution: free it." }],
    });
    const merged = () => github.state().pulls.find((p) => p.number === number)?.merged === true;
    expect(
      await waitFor(async () => {
        await github.settle();
        return merged();
      }, 60_000),
    ).toBe(true);
    expect(github.deliveries().some((delivery) => delivery.status === 202)).toBe(true);
    const data = await run(["exec", container, "ls", "/data"]);
    expect(data.stdout).toContain("c4bot.sqlite");
  }, 90_000);

  it("stops cleanly on SIGTERM", async () => {
    expect(started, "the container runs").toBe(true);
    const stop = await run(["stop", "--time", "30", container], 60_000);
    expect(stop.status, said(stop)).toBe(0);
    const exit = await run(["inspect", "--format", "{{.State.ExitCode}}", container]);
    expect(exit.stdout.trim()).toBe("0");
  }, 90_000);
});
