import middie from "@fastify/middie";
import fastify, { type FastifyInstance } from "fastify";
import { createNodeMiddleware, type Probot } from "probot";

/** GitHub caps webhook payloads at 25 MB. */
export const WEBHOOK_BODY_LIMIT = 25 * 1024 * 1024;
export const WEBHOOK_PATH = "/api/github/webhooks";

export interface ServerOptions {
  probot: Probot;
  /** The Probot app function: turns events into jobs. */
  app: (probot: Probot) => void;
  /** Extra routes (metrics, dashboard) registered by later layers. */
  routes?: (server: FastifyInstance) => void | Promise<void>;
  /**
   * Told of each answer to a webhook delivery (metrics). `signatureFailed`:
   * every header was there but the delivery was refused with 400, which is
   * how @octokit/webhooks answers a signature that does not match.
   */
  onWebhookResponse?: (status: number, signatureFailed: boolean) => void;
}

/**
 * The HTTP server: Probot's webhook middleware at /api/github/webhooks,
 * /healthz, and the routes of later layers (/readyz, /metrics, the
 * dashboard). Probot reads the request stream itself, so it verifies the
 * signature over the exact bytes GitHub sent; fastify never parses them.
 */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const server = fastify({ bodyLimit: WEBHOOK_BODY_LIMIT, logger: false });
  await server.register(middie);
  const webhooks = await createNodeMiddleware(options.app, {
    probot: options.probot,
    webhooksPath: WEBHOOK_PATH,
  });
  // Mounted with no path: a mount path rewrites req.url and Probot then ignores the request.
  server.use((request, response, next) => {
    const length = Number(request.headers["content-length"] ?? 0);
    if (request.url?.startsWith(WEBHOOK_PATH) && length > WEBHOOK_BODY_LIMIT) {
      response.writeHead(413, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "payload larger than GitHub's 25 MB limit" }));
      return;
    }
    if (options.onWebhookResponse && request.url?.startsWith(WEBHOOK_PATH)) {
      const report = options.onWebhookResponse;
      response.once("finish", () => {
        const signed = ["x-hub-signature-256", "x-github-event", "x-github-delivery"].every(
          (header) => request.headers[header] !== undefined,
        );
        report(response.statusCode, signed && response.statusCode === 400);
      });
    }
    webhooks(request, response, next);
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
