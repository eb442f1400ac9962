import fastify, { type FastifyInstance } from "fastify";
import { answerError } from "./answer-error.ts";
import { type WebhookEvent, type WebhookRouteOptions, webhookRoute } from "./webhook-route.ts";

export { WEBHOOK_BODY_LIMIT, WEBHOOK_PATH } from "./webhook-route.ts";

export interface ServerOptions {
  /** The app's webhook secret: deliveries are verified with it. */
  webhookSecret: string;
  /** Turns a verified delivery into jobs (src/app/app.ts). */
  onEvent(event: WebhookEvent): Promise<void>;
  /** Extra routes (metrics, dashboard) registered by later layers. */
  routes?: (server: FastifyInstance) => void | Promise<void>;
  /** Told of each answer to a webhook delivery (metrics). */
  onWebhookResponse?: WebhookRouteOptions["onResponse"];
  /** Where a refused signature is reported (without the payload). */
  warn?: WebhookRouteOptions["warn"];
  /** Where an unexpected failure is reported, with its stack. */
  error?: WebhookRouteOptions["error"];
}

/**
 * The HTTP server: webhooks at /api/github/webhooks (verified over the exact
 * bytes GitHub sent), /healthz, and the routes of later layers (/readyz,
 * /metrics, the dashboard).
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const server = fastify({ logger: false });
  // Before any route or plugin: an encapsulated scope keeps the handler it was created with.
  server.setErrorHandler(answerError(options.error));
  await webhookRoute(server, {
    secret: options.webhookSecret,
    onEvent: options.onEvent,
    ...(options.onWebhookResponse ? { onResponse: options.onWebhookResponse } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
    ...(options.error ? { error: options.error } : {}),
  });
  // A keep-alive connection that carries one more delivery while the server
  // closes becomes idle again afterwards, and fastify closes idle connections
  // only once, at the start: `close()` would then wait for ever. Close them
  // until the server is gone; running requests still finish.
  let reaper: NodeJS.Timeout | undefined;
  server.addHook("preClose", async () => {
    reaper = setInterval(() => server.server.closeIdleConnections(), 100);
    reaper.unref();
  });
  server.addHook("onClose", async () => clearInterval(reaper));
  server.get("/healthz", async () => ({ status: "ok" }));
  await options.routes?.(server);
  return server;
}
