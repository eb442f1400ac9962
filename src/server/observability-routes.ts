import type { FastifyInstance } from "fastify";
import type { BotMetrics } from "../metrics/bot-metrics.ts";
import type { ReadinessProbe } from "./readiness.ts";

/** `/readyz` (200 or 503 with the reasons, as JSON) and `/metrics` (Prometheus text). */
export function observabilityRoutes(options: { readiness: ReadinessProbe; metrics: BotMetrics }) {
  return async (server: FastifyInstance) => {
    server.get("/readyz", async (_request, reply) => {
      const readiness = await options.readiness.check();
      return reply
        .code(readiness.ready ? 200 : 503)
        .header("cache-control", "no-store")
        .send({ status: readiness.ready ? "ready" : "not ready", ...readiness });
    });
    server.get("/metrics", async (_request, reply) => {
      return reply
        .header("content-type", options.metrics.contentType)
        .header("cache-control", "no-store")
        .send(await options.metrics.text());
    });
  };
}
