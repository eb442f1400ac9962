import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { verifyAppJwt } from "./app-identity.ts";
import type { OpenApiDescription } from "./openapi-description.ts";
import { refusalReply, secondaryLimitReply } from "./rate-limit-replies.ts";
import { type Charge, inFlight } from "./rate-limiter.ts";
import { createRestRoutes, type RestReply } from "./rest-handlers.ts";
import { readCredential, type SimulatorCore, sleep } from "./simulator-core.ts";

const prefix = "/api/v3";

/**
 * GitHub's REST API, GHES style under `/api/v3`. Every request is matched
 * against the OpenAPI description and its body validated against the
 * operation's schema; anything GitHub would not accept, or that the simulator
 * does not implement, is answered loudly and recorded as a violation.
 */
export function registerRestEndpoint(
  server: FastifyInstance,
  core: SimulatorCore,
  openapi: OpenApiDescription,
): void {
  const routes = createRestRoutes({ ctx: core.ctx, actions: core.actions, tokens: core.tokens });

  server.all(`${prefix}/*`, (request, reply) => inFlight((hold) => serve(request, reply, hold)));

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    hold: (release: () => void) => void,
  ): Promise<FastifyReply> {
    const rawUrl = request.raw.url ?? "";
    const [rawPath = ""] = rawUrl.slice(prefix.length).split("?");
    const method = request.method.toUpperCase();
    const match = openapi.match(method, rawPath);
    const record = (route: string, status: number, installationId: number | null) =>
      core.log.call({ method, route, path: rawPath, status, operationName: null, installationId });
    const loud = (kind: "unknown-route" | "unimplemented-route", message: string) => {
      core.log.violation({ kind, method, path: rawPath, message });
      record(match?.route ?? rawPath, 501, null);
      return send(reply, core, { status: 501, body: { message, status: "501" } }, null);
    };
    if (!match) {
      return loud(
        "unknown-route",
        `[c4bot sandbox] ${method} ${prefix}${rawPath} matches no operation in GitHub's OpenAPI description`,
      );
    }
    const route = routes.get(`${match.method} ${match.route}`);
    if (!route) {
      return loud(
        "unimplemented-route",
        `[c4bot sandbox] ${method} ${match.route} (${match.operationId}) is GitHub's but not simulated`,
      );
    }

    const credential = readCredential(core, request.headers.authorization);
    const installationId = credential.kind === "installation" ? credential.installationId : null;
    const finish = (answer: RestReply) => {
      record(match.route, answer.status, installationId);
      return send(reply, core, answer, installationId);
    };
    if (credential.kind === "bad")
      return finish({ status: 401, body: { message: "Bad credentials", status: "401" } });
    if (route.auth === "app") {
      const check =
        credential.kind === "jwt"
          ? verifyAppJwt(credential.token, core.identity)
          : { ok: false as const, message: "A JSON web token could not be decoded" };
      if (!check.ok)
        return finish({ status: 401, body: { message: check.message, status: "401" } });
    } else if (credential.kind === "jwt") {
      return finish({
        status: 401,
        body: {
          message: "A JSON web token could not be used here: use an installation token",
          status: "401",
        },
      });
    } else if (credential.kind === "none" && method !== "GET") {
      return finish({ status: 401, body: { message: "Requires authentication", status: "401" } });
    }

    if (installationId !== null) {
      const admission = core.limits.admit(installationId, restCharge(method));
      // Refused before anything is done: no side effect, nothing counted as created.
      if (!admission.ok) {
        const status = core.limits.limits.secondary.status;
        return finish(refusalReply(admission, "core", installationId, status));
      }
      hold(admission.release);
    }

    const fault = core.faults.take(method, match.route);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.moveHead && match.params.pull_number) {
      core.actions.pulls.pushToPull(
        `${match.params.owner}/${match.params.repo}`,
        Number(match.params.pull_number),
        [{ message: "Problem: the head moved under the bot\n\nSolution: a fault pushed it" }],
      );
    }
    if (fault?.status && !fault.afterHandling) {
      return finish(faultReply(fault.status, fault.retryAfter));
    }

    let check: ReturnType<OpenApiDescription["validateBody"]>;
    try {
      check = openapi.validateBody(match, request.body);
    } catch (error) {
      const message = `[c4bot sandbox] cannot validate ${method} ${match.route}: ${String(error)}`;
      core.log.violation({ kind: "handler-error", method, path: rawPath, message });
      return finish({ status: 500, body: { message, status: "500" } });
    }
    if (!check.ok) {
      const message = `[c4bot sandbox] invalid body for ${method} ${match.route}: ${check.message}`;
      core.log.violation({ kind: "invalid-body", method, path: rawPath, message });
      return finish({
        status: 422,
        body: { message: `Invalid request.\n\n${check.message}`, errors: [message], status: "422" },
      });
    }
    try {
      const reply = route.handle({
        params: match.params,
        query: request.query as Record<string, string | undefined>,
        body: request.body,
        url: `${core.ctx.origin()}${rawUrl}`,
        installationId,
        sender: installationId !== null ? core.botLogin : "anonymous",
        accept: request.headers.accept ?? "application/json",
      });
      // GitHub did the work but the answer was lost (a 502 from a proxy, a timeout).
      if (fault?.status && fault.afterHandling) return finish(faultReply(fault.status));
      return finish(reply);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      core.log.violation({ kind: "handler-error", method, path: rawPath, message });
      return finish({ status: 500, body: { message, status: "500" } });
    }
  }
}

/**
 * docs.github.com, "Rate limits for the REST API", "Calculating points for the
 * secondary rate limit": "Most REST API GET, HEAD, and OPTIONS requests" cost
 * 1 point, "Most REST API POST, PATCH, PUT, or DELETE requests" 5. The writes
 * are what the page calls content-generating requests.
 */
function restCharge(method: string): Charge {
  const read = method === "GET" || method === "HEAD" || method === "OPTIONS";
  return {
    resource: "core",
    primaryPoints: 1,
    secondaryPoints: read ? 1 : 5,
    contentCreating: !read,
  };
}

/** A scripted failure: 403/429 is GitHub's secondary rate limit, anything else a server error. */
export function faultReply(status: number, retryAfter?: number): RestReply {
  if (status === 403 || status === 429) return secondaryLimitReply(status, retryAfter);
  const headers: Record<string, string> =
    retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {};
  return { status, headers, body: { message: "Server Error", status: String(status) } };
}

function send(
  reply: FastifyReply,
  core: SimulatorCore,
  answer: RestReply,
  installationId: number | null,
): FastifyReply {
  reply.headers({
    // Only installation requests count against (and report) a primary budget here.
    ...(installationId !== null ? core.limits.headers(installationId, "core") : {}),
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": `SIM:${core.log.cursor}`,
    ...answer.headers,
  });
  reply.code(answer.status);
  return answer.body === undefined ? reply.send() : reply.send(answer.body);
}
