import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { WebhookEvent } from "../app/app.ts";
import { envelopeProblem } from "./delivery-envelope.ts";

export type { WebhookEvent };

/** GitHub caps webhook payloads at 25 MB. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;
export const WEBHOOK_PATH = "/api/github/webhooks";

export interface WebhookRouteOptions {
  secret: string;
  /** Turns the event into jobs; throws an error with `status` 503 when busy. */
  onEvent(event: WebhookEvent): Promise<void>;
  /** Told of each answer (metrics); `signatureFailed` for a signed delivery that did not verify. */
  onResponse?(
    status: number,
    signatureFailed: boolean,
    event?: { name: string; action?: string },
  ): void;
  warn?(object: object, message: string): void;
  /** Where an unexpected failure is reported, with its stack (the answer carries no internals). */
  error?(object: object, message: string): void;
}

const ACCEPTED = { status: "accepted" };
const required = ["x-github-event", "x-github-delivery", "x-hub-signature-256"] as const;

/**
 * POST /api/github/webhooks: checks `X-Hub-Signature-256` over the exact bytes
 * GitHub sent, parses them once, hands the event over and answers 202 at
 * once (GitHub gives a delivery 10 s:
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks).
 *
 * Why not Probot's middleware: for every delivery it authenticates a new
 * Octokit and builds a Context that c4bot never uses, and it logs the whole
 * payload of a delivery with a bad signature, twice. Measured here, it capped
 * ingest well below a plain verify-and-parse (docs/benchmarks.md).
 */
export async function webhookRoute(server: FastifyInstance, options: WebhookRouteOptions) {
  await server.register(async (scope) => {
    // Keep the raw bytes: the signature is over them, and re-serialised JSON breaks it.
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.post(WEBHOOK_PATH, async (request, reply) => {
      const answer = (status: number, body: object, signatureFailed = false, event?: object) => {
        options.onResponse?.(status, signatureFailed, event as never);
        return reply.code(status).send(body);
      };
      const missing = required.filter((name) => typeof request.headers[name] !== "string");
      if (missing.length > 0) {
        return answer(400, { error: `required headers missing: ${missing.join(", ")}` });
      }
      const name = request.headers["x-github-event"] as string;
      const id = request.headers["x-github-delivery"] as string;
      const body = request.body as Buffer;
      if (
        !signatureMatches(options.secret, body, request.headers["x-hub-signature-256"] as string)
      ) {
        options.warn?.(
          { deliveryId: id, event: name },
          "webhook signature does not match: refused",
        );
        return answer(400, { error: "signature does not match the payload and secret" }, true);
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString("utf8"));
      } catch {
        return answer(400, { error: "malformed delivery: the body is not valid JSON" });
      }
      const problem = envelopeProblem(payload);
      if (problem !== null) {
        return answer(400, { error: `malformed ${name} delivery: ${problem}` }, false, { name });
      }
      const event = { name, action: (payload as { action?: string }).action };
      try {
        await options.onEvent({ id, name, payload });
      } catch (error) {
        // Our own refusals (503 busy, 400 malformed) say why; anything else
        // is a bug whose internals belong in the log, not in GitHub's.
        const status = (error as { status?: number }).status;
        if (status !== undefined && status < 600) {
          return answer(status, { error: (error as Error).message }, false, event);
        }
        options.error?.({ deliveryId: id, event: name, err: error }, "webhook delivery failed");
        return answer(
          500,
          { error: `c4bot failed on delivery ${id}; the server log has the details` },
          false,
          event,
        );
      }
      return answer(202, ACCEPTED, false, event);
    });
  });
}

/** GitHub's HMAC-SHA256 of the body with the webhook secret, compared in constant time. */
export function signatureMatches(secret: string, body: Buffer, signature: string): boolean {
  if (!signature.startsWith("sha256=") || signature.length !== 71) return false;
  const given = Buffer.from(signature.slice(7), "hex");
  // A non-hex character ends the decoding early: the length tells.
  if (given.length !== 32) return false;
  return timingSafeEqual(given, createHmac("sha256", secret).update(body).digest());
}
