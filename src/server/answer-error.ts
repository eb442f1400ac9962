import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";

/**
 * One error style for every route (issue 21): `{ "error": "<one-line
 * reason>" }`. A client's mistake (4xx: a body too large, JSON that does
 * not parse, a wrong content type) is told plainly; a failure of ours
 * (5xx) is logged with its stack and answered without internals.
 */
export function answerError(log?: (object: object, message: string) => void) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: firstLine(error.message) });
    log?.({ err: error, url: request.url, method: request.method }, "request failed");
    return reply.code(status).send({
      error: `c4bot failed on ${request.method} ${request.url.split("?")[0]}; the server log has the details`,
    });
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
