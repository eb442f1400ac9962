import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { builtCliPath } from "../../src/cli/package-info.ts";
import type { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

/**
 * `c4bot worker` with the simulator's app settings, as an operator would run
 * it (a real process: needs `npm run build`).
 */
export function spawnAppWorker(endpoint: string, sim: GitHubSimulator, concurrency = 2) {
  const credentials = sim.appCredentials;
  const api = new URL(credentials.baseUrl);
  const child: ChildProcess = spawn(
    process.execPath,
    [builtCliPath, "worker", "--connect", endpoint, "--concurrency", String(concurrency)],
    {
      cwd: tmpdir(),
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH,
        APP_ID: String(credentials.appId),
        PRIVATE_KEY: credentials.privateKey,
        WEBHOOK_SECRET: credentials.webhookSecret,
        GHE_HOST: api.host,
        GHE_PROTOCOL: api.protocol.replace(":", ""),
        LOG_LEVEL: "warn",
      },
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return { child, stderr: () => stderr.slice(-2000) };
}
