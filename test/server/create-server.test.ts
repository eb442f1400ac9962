import { createHmac, generateKeyPairSync } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Probot } from "probot";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProbot } from "../../src/github/create-probot.ts";
import { createServer, WEBHOOK_BODY_LIMIT } from "../../src/server/create-server.ts";

const secret = "s3cret";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

describe("the HTTP server", () => {
  let server: FastifyInstance;
  const received: { name: string; id: string; payload: unknown }[] = [];
  beforeEach(async () => {
    received.length = 0;
    const probot = createProbot({ appId: 1, privateKey, webhookSecret: secret, logLevel: "fatal" });
    server = await createServer({
      probot,
      app: (app: Probot) => {
        app.onAny(async (event) => {
          received.push({ name: event.name, id: event.id, payload: event.payload });
        });
      },
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
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        ...headers,
      },
    });

  it("serves /healthz", async () => {
    const response = await server.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("passes Probot the exact bytes: a payload with odd spacing and unicode verifies", async () => {
    const body = '{ "action" :"opened",\n  "issue": {"title": "caf\\u00e9 ☕"} }';
    const response = await deliver(body);
    expect(response.statusCode).toBe(200);
    expect(received).toEqual([
      { name: "issues", id: "d-1", payload: { action: "opened", issue: { title: "café ☕" } } },
    ]);
  });

  it("refuses a bad signature with 400 and dispatches nothing", async () => {
    const response = await deliver('{"action":"opened"}', {
      "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(response.statusCode).toBe(400);
    expect(received).toEqual([]);
  });

  it("refuses a body over GitHub's 25 MB limit with 413 before reading it", async () => {
    const response = await deliver("{}", { "content-length": String(WEBHOOK_BODY_LIMIT + 1) });
    expect(response.statusCode).toBe(413);
    expect(received).toEqual([]);
  });

  it("answers 503 when the app cannot take the job", async () => {
    const probot = createProbot({ appId: 1, privateKey, webhookSecret: secret, logLevel: "fatal" });
    const busy = await createServer({
      probot,
      app: (app: Probot) => {
        app.onAny(async () => {
          throw Object.assign(new Error("queue full"), { status: 503 });
        });
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
          "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
      });
      expect(response.statusCode).toBe(503);
    } finally {
      await busy.close();
    }
  });

  it("answers 404 for other paths", async () => {
    expect((await server.inject({ method: "GET", url: "/nope" })).statusCode).toBe(404);
  });
});
