import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The image the Dockerfile starts FROM, as podman names it once made or pulled. */
export const BASE_IMAGE = "docker.io/library/node:20-bookworm-slim";

export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Whether podman is installed here. */
export function podmanInstalled(): boolean {
  return spawnSync("podman", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * podman as the machines that run the tests allow it: no registry (the
 * caller builds with `--pull=never`), no resource limits to set
 * (`default_ulimits = []`, which podman would otherwise apply and the sandbox
 * refuses), and Debian's runc as the runtime where it is installed.
 */
export class Podman {
  readonly #configDir = mkdtempSync(join(tmpdir(), "c4bot-podman-"));
  readonly #env: NodeJS.ProcessEnv;

  constructor() {
    const runc = spawnSync("runc", ["--version"], { stdio: "ignore" }).status === 0;
    const config = join(this.#configDir, "containers.conf");
    writeFileSync(
      config,
      `[containers]\ndefault_ulimits = []\n${runc ? '[engine]\nruntime = "runc"\n' : ""}`,
    );
    this.#env = { ...process.env, CONTAINERS_CONF: config };
  }

  /** Runs `podman ARGS` (or another command with podman's settings) to its end. */
  run(args: string[], options: { timeoutMs?: number; command?: string; cwd?: string } = {}) {
    return new Promise<Outcome>((resolve) => {
      const child = spawn(options.command ?? "podman", args, {
        cwd: options.cwd,
        env: this.#env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        // The end of a long build's log is where its failure is.
        stderr = (stderr + chunk).slice(-20_000);
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
      child.on("error", (error) => {
        clearTimeout(timer);
        resolve({ status: null, stdout, stderr: `${stderr}${error.message}` });
      });
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
  }

  /** The size of an image in bytes, as podman counts it (all its layers). */
  async imageSize(image: string): Promise<number> {
    const size = await this.run(["image", "inspect", "--format", "{{.Size}}", image]);
    return Number(size.stdout.trim());
  }

  close(): void {
    rmSync(this.#configDir, { recursive: true, force: true });
  }
}

/** "12.3 MB", for the figures the test prints. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
