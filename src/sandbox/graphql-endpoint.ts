import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  parse,
  validate,
} from "graphql";
import { graphqlCost } from "./graphql-cost.ts";
import { NotFoundError, UnprocessableError } from "./graphql-nodes.ts";
import { createGraphqlRoot } from "./graphql-root.ts";
import { refusalReply } from "./rate-limit-replies.ts";
import { inFlight } from "./rate-limiter.ts";
import { faultReply } from "./rest-endpoint.ts";
import { readCredential, type SimulatorCore, sleep } from "./simulator-core.ts";

/** Values are plain objects whose fields are values or functions of the arguments. */
const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (source === null || typeof source !== "object") return undefined;
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === "function" ? value.call(source, args, context, info) : value;
};

/** Interfaces and unions (Actor, StatusCheckRollupContext, ...) read `__typename`. */
const typeResolver: GraphQLTypeResolver<unknown, unknown> = (value) =>
  (value as { __typename?: string } | null)?.__typename;

function operationName(document: DocumentNode, given: unknown): string | null {
  if (typeof given === "string") return given;
  for (const definition of document.definitions) {
    if (definition.kind === "OperationDefinition") return definition.name?.value ?? null;
  }
  return null;
}

/**
 * GitHub's GraphQL API at `POST /api/graphql`, where @octokit/graphql sends
 * queries when the REST base URL ends in `/api/v3` (GHES). Queries are
 * validated against GitHub's published schema and executed against the state.
 */
export function registerGraphqlEndpoint(
  server: FastifyInstance,
  core: SimulatorCore,
  schema: GraphQLSchema,
): void {
  server.post("/api/graphql", (request, reply) => inFlight((hold) => serve(request, reply, hold)));

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    hold: (release: () => void) => void,
  ): Promise<FastifyReply> {
    const path = "/api/graphql";
    const credential = readCredential(core, request.headers.authorization);
    const installationId = credential.kind === "installation" ? credential.installationId : null;
    const body = (request.body ?? {}) as {
      query?: unknown;
      variables?: unknown;
      operationName?: unknown;
    };
    let name: string | null = typeof body.operationName === "string" ? body.operationName : null;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      core.log.call({
        method: "POST",
        route: "graphql",
        path,
        status,
        operationName: name,
        installationId,
      });
      const limits = installationId !== null ? core.limits.headers(installationId, "graphql") : {};
      return reply
        .code(status)
        .headers({ ...limits, ...headers })
        .send(payload);
    };
    if (installationId === null) {
      // GitHub's GraphQL API takes no anonymous or app-JWT requests.
      return answer(401, { message: "This endpoint requires you to be authenticated." });
    }
    let document: DocumentNode;
    try {
      document = parse(String(body.query ?? ""));
    } catch (error) {
      return invalid([error as GraphQLError]);
    }
    name = operationName(document, body.operationName);
    const variables = (body.variables ?? {}) as Record<string, unknown>;

    const price = graphqlCost(document, variables, name);
    const admission = core.limits.admit(installationId, {
      resource: "graphql",
      // `rateLimit(dryRun: true)` prices the call without charging it.
      primaryPoints: price.dryRun ? 0 : price.cost,
      // docs.github.com, "Rate limits for the REST API", "Calculating points for the
      // secondary rate limit": "GraphQL requests without mutations" 1, "with mutations" 5.
      secondaryPoints: price.mutation ? 5 : 1,
      contentCreating: price.mutation,
    });
    if (!admission.ok) {
      const status = core.limits.limits.secondary.status;
      const refused = refusalReply(admission, "graphql", installationId, status);
      return answer(refused.status, refused.body, refused.headers);
    }
    hold(admission.release);

    const fault = core.faults.take("POST", "graphql");
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.status) {
      const failure = faultReply(fault.status, fault.retryAfter);
      return answer(failure.status, failure.body, failure.headers);
    }

    const errors = validate(schema, document);
    if (errors.length > 0) return invalid(errors);

    const budget = core.limits.status(installationId, "graphql");
    const rate = {
      cost: price.cost,
      limit: budget.limit,
      remaining: budget.remaining,
      used: budget.used,
      resetAt: new Date(budget.reset * 1000).toISOString(),
      nodeCount: price.nodeCount,
    };
    const result = await execute({
      schema,
      document,
      rootValue: createGraphqlRoot(core.ctx, rate, core.actions),
      variableValues: variables,
      operationName: typeof body.operationName === "string" ? body.operationName : undefined,
      fieldResolver,
      typeResolver,
    });
    const shaped = (result.errors ?? []).map((error) => {
      // GitHub's own refusals carry a `type`; anything else is the simulator's bug.
      const type =
        error.originalError instanceof NotFoundError
          ? "NOT_FOUND"
          : error.originalError instanceof UnprocessableError
            ? "UNPROCESSABLE"
            : null;
      if (type)
        return { type, path: error.path, locations: error.locations, message: error.message };
      core.log.violation({
        kind: "graphql-execution",
        method: "POST",
        path,
        message: `${error.message} at ${error.path?.join(".")}`,
      });
      return { path: error.path, locations: error.locations, message: error.message };
    });
    return answer(
      200,
      shaped.length ? { data: result.data ?? null, errors: shaped } : { data: result.data },
    );

    function invalid(found: readonly GraphQLError[]) {
      const message = found.map((error) => error.message).join("; ");
      core.log.violation({ kind: "invalid-query", method: "POST", path, message });
      // GitHub answers invalid documents with 200 and `errors`, as the GraphQL spec suggests.
      return answer(200, {
        errors: found.map((error) => ({ message: error.message, locations: error.locations })),
      });
    }
  }
}
