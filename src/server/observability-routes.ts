import type { FastifyInstance } from "fastify";
import type { BotMetrics } from "../metrics/bot-metrics.ts";
import type { ReadinessProbe } from "./readiness.ts";
import { sameSecret } from "./same-secret.ts";

export interface ObservabilityOptions {
  readiness: ReadinessProbe;
  metrics: BotMetrics;
  /**
   * C4BOT_METRICS_TOKEN: `/metrics` then answers only `Authorization: Bearer
   * TOKEN` (Prometheus's `authorization: { credentials: ... }`); none leaves
   * it open, for a scraper on a private network.
   */
  metricsToken?: string;
}

/** `/readyz` (200 or 503 with the reasons, as JSON) and `/metrics` (Prometheus text). */
export function observabilityRoutes(options: ObservabilityOptions) {
  const token = options.metricsToken;
  return async (server: FastifyInstance) => {
    server.get("/readyz", async (_request, reply) => {
      const readiness = await options.readiness.check();
      return reply
        .code(readiness.ready ? 200 : 503)
        .header("cache-control", "no-store")
        .send({ status: readiness.ready ? "ready" : "not ready", ...readiness });
    });
    server.get("/metrics", async (request, reply) => {
      if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
        return reply
          .code(401)
          .header("www-authenticate", 'Bearer realm="c4bot metrics"')
          .header("cache-control", "no-store")
          .send({ error: "a bearer token (C4BOT_METRICS_TOKEN) is needed" });
      }
      return reply
        .header("content-type", options.metrics.contentType)
        .header("cache-control", "no-store")
        .send(await options.metrics.text());
    });
  };
}

/** Whether the header is `Bearer <token>` (compared in constant time). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match !== null && sameSecret(match[1] as string, token);
}
