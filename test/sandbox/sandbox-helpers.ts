import { createSign } from "node:crypto";
import { Octokit } from "@octokit/rest";
import type { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

/** An RS256 app JWT, as @octokit/auth-app makes one (iat 30 s in the past, 10 min life). */
export function appJwt(appId: number, privateKey: string, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: appId })}`;
  const signature = createSign("RSA-SHA256")
    .update(unsigned)
    .sign(privateKey)
    .toString("base64url");
  return `${unsigned}.${signature}`;
}

/** An installation access token, asked for with the app's JWT. */
export async function installationToken(sim: GitHubSimulator): Promise<string> {
  const app = new Octokit({ baseUrl: sim.apiUrl, auth: appJwt(sim.appId, sim.privateKey) });
  const { data } = await app.apps.createInstallationAccessToken({
    installation_id: sim.installationId,
  });
  return data.token;
}

/** A plain @octokit/rest client (no retries, no throttling) holding an installation token. */
export async function installationOctokit(sim: GitHubSimulator): Promise<Octokit> {
  return new Octokit({ baseUrl: sim.apiUrl, auth: await installationToken(sim) });
}

export async function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export const silentLog = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  trace: () => {},
  fatal: () => {},
  child: () => silentLog,
};
