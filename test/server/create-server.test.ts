import { createHmac } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, WEBHOOK_BODY_LIMIT } from "../../src/server/create-server.ts";
import type { WebhookEvent } from "../../src/server/webhook-route.ts";

const secret = "s3cret";
const sign = (body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("the HTTP server", () => {
  let server: FastifyInstance;
  const received: WebhookEvent[] = [];
  const answers: [number, boolean][] = [];
  const warnings: object[] = [];
  beforeEach(async () => {
    received.length = 0;
    answers.length = 0;
    warnings.length = 0;
    server = await createServer({
      webhookSecret: secret,
      onEvent: async (event) => {
        received.push(event);
      },
      onWebhookResponse: (status, signatureFailed) => answers.push([status, signatureFailed]),
      warn: (object) => warnings.push(object),
    });
  });
  afterEach(async () => {
    await server.close();
  });

  const deliver = (body: string, headers: Record<string, string> = {}) =>
    server.inject({
      method: "POST",
      url: "/api/github/webhooks",
      payload: body,
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d-1",
        "x-hub-signature-256": sign(body),
        ...headers,
      },
    });

  it("serves /healthz", async () => {
    const response = await server.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("verifies the exact bytes: a payload with odd spacing and unicode is accepted", async () => {
    const body = '{ "action" :"opened",\n  "issue": {"title": "caf\\u00e9 ☕"} }';
    const response = await deliver(body);
    expect(response.statusCode).toBe(202);
    expect(received).toEqual([
      { name: "issues", id: "d-1", payload: { action: "opened", issue: { title: "café ☕" } } },
    ]);
    expect(answers).toEqual([[202, false]]);
  });

  it("refuses a bad signature with 400, dispatches nothing and logs no payload", async () => {
    const response = await deliver('{"action":"opened","secret":"x"}', {
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(received).toEqual([]);
    expect(answers).toEqual([[400, true]]);
    expect(warnings).toEqual([{ deliveryId: "d-1", event: "issues" }]);
  });

  it("refuses a signature of the wrong length or form", async () => {
    expect((await deliver("{}", { "x-hub-signature-256": "sha1=abc" })).statusCode).toBe(400);
    expect(received).toEqual([]);
  });

  it.each([
    ["null", "null", "malformed issues delivery: the payload is null, not a JSON object"],
    ["an array", "[1]", "malformed issues delivery: the payload is an array, not a JSON object"],
    [
      "a repository without an owner",
      '{"repository":{"name":"libzmq"}}',
      "malformed issues delivery: repository.owner: ",
    ],
    [
      "an installation id that is not a number",
      '{"installation":{"id":"7"}}',
      "malformed issues delivery: installation.id: ",
    ],
  ])("answers a signed delivery of %s with 400 and the field (issue 21)", async (_n, body, why) => {
    const response = await deliver(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toContain(why);
    expect(received).toEqual([]);
  });

  it("refuses missing headers and malformed JSON with 400", async () => {
    const missing = await server.inject({
      method: "POST",
      url: "/api/github/webhooks",
      payload: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toContain("x-github-event");
    expect((await deliver("{not json")).statusCode).toBe(400);
    expect(received).toEqual([]);
  });

  it("refuses other content types with 415", async () => {
    const response = await deliver("a=b", { "content-type": "application/x-www-form-urlencoded" });
    expect(response.statusCode).toBe(415);
  });

  it("refuses a body over GitHub's 25 MB limit with 413", async () => {
    const body = JSON.stringify({ blob: "x".repeat(WEBHOOK_BODY_LIMIT) });
    const response = await deliver(body);
    expect(response.statusCode).toBe(413);
    expect(received).toEqual([]);
  });

  it("answers with the receiver's status when it cannot take the job (503 when busy)", async () => {
    const busy = await createServer({
      webhookSecret: secret,
      onEvent: async () => {
        throw Object.assign(new Error("queue full"), { status: 503 });
      },
    });
    try {
      const body = '{"action":"opened"}';
      const response = await busy.inject({
        method: "POST",
        url: "/api/github/webhooks",
        payload: body,
        headers: {
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": "d-2",
          "x-hub-signature-256": sign(body),
        },
      });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toBe("queue full");
    } finally {
      await busy.close();
    }
  });

  it("answers 404 for other paths", async () => {
    expect((await server.inject({ method: "GET", url: "/nope" })).statusCode).toBe(404);
  });
});

describe("the HTTP server's errors (issue 21)", () => {
  it("answers a failure of ours with 500, no internals, and logs the error", async () => {
    const logged: object[] = [];
    const server = await createServer({
      webhookSecret: secret,
      onEvent: async () => {
        throw new TypeError("Cannot read properties of null (reading 'owner')");
      },
      error: (object) => logged.push(object),
    });
    try {
      const response = await server.inject({
        method: "POST",
        url: "/api/github/webhooks",
        payload: "{}",
        headers: {
          "content-type": "application/json",
          "x-github-event": "push",
          "x-github-delivery": "d-9",
          "x-hub-signature-256": sign("{}"),
        },
      });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: "c4bot failed on delivery d-9; the server log has the details",
      });
      expect(logged).toHaveLength(1);
      const bad = await server.inject({
        method: "POST",
        url: "/api/github/webhooks",
        payload: "x",
        headers: { "content-type": "application/xml" },
      });
      expect(bad.statusCode).toBe(415);
      expect(Object.keys(bad.json())).toEqual(["error"]);
    } finally {
      await server.close();
    }
  });
});
