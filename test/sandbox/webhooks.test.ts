import { createHmac, timingSafeEqual } from "node:crypto";
import { createRequire } from "node:module";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";
import { installationOctokit } from "./sandbox-helpers.ts";

interface Example {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Example[];

/** The event's main object, whose keys are compared too. */
const mainObject: Record<string, string | null> = {
  pull_request: "pull_request",
  issues: "issue",
  issue_comment: "comment",
  check_run: "check_run",
  check_suite: "check_suite",
  pull_request_review: "review",
  installation: "installation",
  installation_repositories: "installation",
  status: null,
  push: null,
};

/** Keys every example of this event (and action) has: what a payload must carry. */
function exampleKeys(event: string, action: string | undefined, object: string | null) {
  const found = examples.find((example) => example.name === event)?.examples ?? [];
  const same = found.filter((example) => example.action === action);
  const pool = same.length ? same : found;
  const common = (list: Array<Record<string, unknown>>) =>
    list.map((item) => Object.keys(item)).reduce((a, b) => a.filter((key) => b.includes(key)));
  return {
    // GitHub adds `organization` for an organisation's repository; the simulator has no organisations.
    top: common(pool).filter((key) => key !== "organization"),
    main: object ? common(pool.map((example) => example[object] as Record<string, unknown>)) : [],
  };
}

interface Received {
  event: string;
  delivery: string;
  signed: boolean;
  headers: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/*
 *  simulator ──POST signed JSON──▶ receiver (checks X-Hub-Signature-256 over the exact body)
 */
async function startReceiver(secret: string, received: Received[], status = () => 200) {
  const server = Fastify();
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) =>
    done(null, body),
  );
  server.post("/api/github/webhooks", async (request, reply) => {
    const body = String(request.body);
    const expected = Buffer.from(
      `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
    );
    const given = Buffer.from(String(request.headers["x-hub-signature-256"] ?? ""));
    const signed = given.length === expected.length && timingSafeEqual(given, expected);
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(body);
    } catch {}
    received.push({
      event: String(request.headers["x-github-event"]),
      delivery: String(request.headers["x-github-delivery"]),
      signed,
      headers: request.headers,
      payload,
    });
    return reply.code(signed ? status() : 401).send({ ok: signed });
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}/api/github/webhooks` };
}

describe("GitHubSimulator webhooks", () => {
  let sim: GitHubSimulator;
  let receiver: FastifyInstance;
  let received: Received[];
  let answer: number;

  beforeEach(async () => {
    sim = new GitHubSimulator();
    await sim.start();
    received = [];
    answer = 200;
    const started = await startReceiver(sim.webhookSecret, received, () => answer);
    receiver = started.server;
    sim.setApp({ webhookUrl: started.url });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it("sends signed payloads shaped like @octokit/webhooks-examples, in order", async () => {
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["alice"] });
    sim.createRepo({ owner: "zeromq", name: "czmq" });
    sim.openIssue({ repo: "zeromq/libzmq", author: "dave", title: "Leak" });
    const pull = sim.openPull({
      repo: "zeromq/libzmq",
      author: "bob",
      body: "Closes #1",
      commits: [{ message: "Problem: leak\n\nSolution: fix" }],
    });
    const { headSha } = sim.pushToPull({
      repo: "zeromq/libzmq",
      number: pull.number,
      commits: [{ message: "Problem: no test\n\nSolution: add" }],
    });
    sim.setCheck({ repo: "zeromq/libzmq", sha: headSha, name: "build", conclusion: "success" });
    sim.setStatus({ repo: "zeromq/libzmq", sha: headSha, context: "ci/travis", state: "success" });
    sim.submitReview({
      repo: "zeromq/libzmq",
      number: pull.number,
      author: "alice",
      state: "APPROVED",
    });
    sim.addComment({ repo: "zeromq/libzmq", number: pull.number, author: "alice", body: "LGTM" });
    const octokit = await installationOctokit(sim);
    const { data: run } = await octokit.checks.create({
      owner: "zeromq",
      repo: "libzmq",
      name: "C4",
      head_sha: headSha,
      conclusion: "success",
      actions: [{ label: "Check again", description: "Evaluate again", identifier: "recheck" }],
    });
    sim.clickButton({ runId: run.id, identifier: "recheck", by: "alice" });
    await octokit.pulls.merge({
      owner: "zeromq",
      repo: "libzmq",
      pull_number: pull.number,
      sha: headSha,
    });
    await sim.waitForIdle();

    expect(received.map((r) => `${r.event}.${r.payload.action ?? ""}`)).toEqual([
      "installation.created",
      "installation_repositories.added",
      "issues.opened",
      "pull_request.opened",
      "pull_request.synchronize",
      "check_run.created",
      "check_run.completed",
      "check_suite.completed",
      "status.",
      "pull_request_review.submitted",
      "issue_comment.created",
      "check_run.created",
      "check_run.completed",
      "check_suite.completed",
      "check_run.requested_action",
      "pull_request.closed",
      "push.",
      "issues.closed",
    ]);
    for (const delivery of received) {
      expect(delivery.signed).toBe(true);
      expect(delivery.delivery).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers["user-agent"]).toBe("GitHub-Hookshot/sim");
      expect(delivery.headers["content-type"]).toBe("application/json");
      const object = mainObject[delivery.event] ?? null;
      const keys = exampleKeys(
        delivery.event,
        delivery.payload.action as string | undefined,
        object,
      );
      expect(Object.keys(delivery.payload), delivery.event).toEqual(
        expect.arrayContaining(keys.top),
      );
      if (object) {
        const main = delivery.payload[object] as Record<string, unknown>;
        expect(Object.keys(main), `${delivery.event}.${object}`).toEqual(
          expect.arrayContaining(keys.main),
        );
      }
      if (delivery.event !== "installation" && delivery.event !== "installation_repositories") {
        expect(delivery.payload).toMatchObject({
          installation: { id: sim.installationId },
          repository: { full_name: "zeromq/libzmq", owner: { login: "zeromq" } },
        });
      }
    }
    const ours = received.filter((r) => r.event === "check_run" && r.payload.check_run);
    const mine = ours.find((r) => (r.payload.check_run as { id: number }).id === run.id);
    expect(mine?.payload.sender).toMatchObject({ login: "c4bot[bot]", type: "Bot" });
    const click = ours.find((r) => r.payload.action === "requested_action");
    expect(click?.payload).toMatchObject({
      requested_action: { identifier: "recheck" },
      sender: { login: "alice", type: "User" },
      check_run: { id: run.id, name: "C4" },
    });
    const closed = received.find(
      (r) => r.event === "pull_request" && r.payload.action === "closed",
    );
    expect(closed?.payload.pull_request).toMatchObject({ merged: true, number: pull.number });
    expect(sim.deliveries().every((delivery) => delivery.status === 200)).toBe(true);
  });

  it("records a failing delivery without retrying it, and redelivers with the same id", async () => {
    answer = 500;
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await sim.settle();
    const [failed] = sim.deliveries();
    expect(failed).toMatchObject({ event: "installation", status: 500 });
    expect(received).toHaveLength(1);
    answer = 200;
    sim.redeliver(failed?.id ?? "");
    await sim.settle();
    expect(received.map((r) => r.delivery)).toEqual([failed?.id, failed?.id]);
    expect(sim.deliveries().map((delivery) => [delivery.status, delivery.redelivery])).toEqual([
      [500, false],
      [200, true],
    ]);
  });

  it("sends raw bodies with forged signatures for the app's defences", async () => {
    sim.deliverRaw({ event: "pull_request", body: { action: "opened" }, signature: "sha256=00" });
    sim.deliverRaw({ event: "pull_request", body: "{not json" });
    await sim.settle();
    expect(received.map((r) => r.signed)).toEqual([false, true]);
    expect(sim.deliveries().map((delivery) => delivery.status)).toEqual([401, 200]);
  });

  it("never delivers inside the request that caused the event", async () => {
    sim.createRepo({ owner: "zeromq", name: "libzmq" });
    await sim.settle();
    received.length = 0;
    const octokit = await installationOctokit(sim);
    await octokit.issues.create({ owner: "zeromq", repo: "libzmq", title: "Later" });
    const seenDuringRequest = received.length;
    await sim.settle();
    expect(seenDuringRequest).toBe(0);
    expect(received.map((r) => `${r.event}.${r.payload.action}`)).toEqual(["issues.opened"]);
    expect(received[0]?.payload.sender).toMatchObject({ login: "c4bot[bot]", type: "Bot" });
  });
});
