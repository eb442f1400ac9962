import { generateKeyPairSync } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { appJwt, installationOctokit, silentLog } from "./sandbox-helpers.ts";

/*
 *  test ──JWT──▶ POST /app/installations/{id}/access_tokens ──▶ token
 *  test ──token──▶ GET /repos/{owner}/{repo} ...            ──▶ tied to the installation
 */
describe("GitHubSimulator app authentication", () => {
  const sim = new GitHubSimulator();

  beforeAll(async () => {
    await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", config: "rules:\n  from-fork: true\n" });
  });
  afterAll(() => sim.close());

  it("takes Probot's installation auth (JWT, token, then API calls)", async () => {
    const octokit = new ProbotOctokit({
      baseUrl: sim.apiUrl,
      auth: { appId: sim.appId, privateKey: sim.privateKey, installationId: sim.installationId },
      log: silentLog,
    });
    const since = sim.callCursor();
    const { data: repo } = await octokit.rest.repos.get({ owner: "zeromq", repo: "libzmq" });
    expect(repo.full_name).toBe("zeromq/libzmq");
    expect(repo.default_branch).toBe("main");
    const calls = sim.calls(since);
    expect(calls.map((call) => `${call.method} ${call.route} ${call.status}`)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens 201",
      "GET /repos/{owner}/{repo} 200",
    ]);
    expect(calls[1]?.installationId).toBe(sim.installationId);
    expect(calls[1]?.path).toBe("/repos/zeromq/libzmq");
  });

  it("serves .github/c4.yml to Probot's config plugin through the contents API", async () => {
    const octokit = new ProbotOctokit({
      baseUrl: sim.apiUrl,
      auth: { appId: sim.appId, privateKey: sim.privateKey, installationId: sim.installationId },
      log: silentLog,
    });
    const { config } = await octokit.config.get({
      owner: "zeromq",
      repo: "libzmq",
      path: ".github/c4.yml",
    });
    expect(config).toEqual({ rules: { "from-fork": true } });
    const missing = await octokit.config.get({
      owner: "zeromq",
      repo: "libzmq",
      path: ".github/none.yml",
    });
    expect(missing.config).toEqual({});
  });

  it("answers GET /app and the installation list to a valid JWT", async () => {
    const app = new Octokit({ baseUrl: sim.apiUrl, auth: appJwt(sim.appId, sim.privateKey) });
    const { data } = await app.apps.getAuthenticated();
    expect(data?.slug).toBe("c4bot");
    expect(data?.id).toBe(sim.appId);
    const { data: installations } = await app.apps.listInstallations();
    expect(installations.map((installation) => installation.id)).toEqual([sim.installationId]);
    const { data: repoInstallation } = await app.apps.getRepoInstallation({
      owner: "zeromq",
      repo: "libzmq",
    });
    expect(repoInstallation.account).toMatchObject({ login: "zeromq" });
  });

  it("refuses a JWT signed by another key, an expired one and an unknown token", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const forged = new Octokit({ baseUrl: sim.apiUrl, auth: appJwt(sim.appId, other) });
    await expect(forged.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    const expired = new Octokit({
      baseUrl: sim.apiUrl,
      auth: appJwt(sim.appId, sim.privateKey, Date.now() - 3_600_000),
    });
    await expect(expired.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    const stranger = new Octokit({ baseUrl: sim.apiUrl, auth: "ghs_notatoken" });
    await expect(stranger.repos.get({ owner: "zeromq", repo: "libzmq" })).rejects.toMatchObject({
      status: 401,
    });
  });

  it("lists the installation's repositories to an installation token, with rate-limit headers", async () => {
    const octokit = await installationOctokit(sim);
    const response = await octokit.apps.listReposAccessibleToInstallation();
    expect(response.data.repositories.map((repo) => repo.full_name)).toEqual(["zeromq/libzmq"]);
    expect(Number(response.headers["x-ratelimit-remaining"])).toBeLessThan(5000);
    expect(response.headers["x-ratelimit-limit"]).toBe("5000");
  });

  it("refuses writes without credentials", async () => {
    const anonymous = new Octokit({ baseUrl: sim.apiUrl });
    await expect(
      anonymous.issues.create({ owner: "zeromq", repo: "libzmq", title: "x" }),
    ).rejects.toMatchObject({ status: 401 });
    expect(sim.violations()).toEqual([]);
  });
});
