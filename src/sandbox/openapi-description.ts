import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { packageFile } from "./package-file.ts";

/**
 * GitHub Enterprise Server 3.19's published REST description. GHES, not
 * api.github.com, because the bot talks to the simulator as to a GHES host
 * (`<host>/api/v3`, GraphQL at `<host>/api/graphql`), which is this
 * description's `servers` URL. The non-dereferenced file (11 MB, about 0.3 s to
 * parse) keeps `$ref`s, so ajv compiles each shared schema once.
 */
export const openApiFile = "generated/ghes-3.19.json";

interface Operation {
  operationId: string;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

interface Description {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

export interface MatchedOperation {
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/pulls/{pull_number}`. */
  route: string;
  operationId: string;
  params: Record<string, string>;
}

interface Route {
  method: string;
  route: string;
  pattern: RegExp;
  names: string[];
  literals: number;
  operation: Operation;
}

export type BodyCheck = { ok: true } | { ok: false; message: string };

/** The loaded description: route matching and request body validation. */
export class OpenApiDescription {
  readonly #routes: Route[];
  readonly #ajv: Ajv;
  readonly #validators = new Map<string, ValidateFunction | null>();
  readonly #description: Description;

  constructor(description: Description) {
    this.#description = description;
    this.#routes = compileRoutes(description);
    this.#ajv = new Ajv({ strict: false, allErrors: false, logger: false });
    addFormats.default(this.#ajv);
    // Body schemas point into `#/components`; registering them under one id lets
    // every `$ref` resolve without dereferencing the whole description.
    this.#ajv.addSchema({ $id: "ghes", components: normalize(description.components) });
  }

  /** Matches a method and a raw (still percent-encoded) path under /api/v3. */
  match(method: string, path: string): MatchedOperation | null {
    const lower = method.toLowerCase();
    for (const route of this.#routes) {
      if (route.method !== lower) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return {
        method: lower,
        route: route.route,
        operationId: route.operation.operationId,
        params,
      };
    }
    return null;
  }

  /** Whether a path exists with another method: GitHub answers those 404 too, we answer loudly. */
  knowsPath(path: string): boolean {
    return this.#routes.some((route) => route.pattern.test(path));
  }

  validateBody(operation: MatchedOperation, body: unknown): BodyCheck {
    const key = `${operation.method} ${operation.route}`;
    if (!this.#validators.has(key)) this.#validators.set(key, this.#compile(operation));
    const validate = this.#validators.get(key);
    const spec = this.#description.paths[operation.route]?.[operation.method]?.requestBody;
    if (body === undefined || body === null) {
      return spec?.required ? { ok: false, message: "a request body is required" } : { ok: true };
    }
    if (!validate) return { ok: true };
    if (validate(body)) return { ok: true };
    const message = (validate.errors ?? [])
      .map((error) => `${error.instancePath || "(body)"} ${error.message ?? "is invalid"}`)
      .join("; ");
    return { ok: false, message };
  }

  #compile(operation: MatchedOperation): ValidateFunction | null {
    const spec = this.#description.paths[operation.route]?.[operation.method]?.requestBody;
    const schema = spec?.content?.["application/json"]?.schema;
    if (!schema) return null;
    return this.#ajv.compile(normalize(rebase(schema)) as object);
  }
}

function compileRoutes(description: Description): Route[] {
  const routes: Route[] = [];
  for (const [route, methods] of Object.entries(description.paths)) {
    const names: string[] = [];
    const segments = route.split("/");
    const source = segments
      .map((segment, index) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param?.[1]) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(param[1]);
        // A trailing `{path}` may hold slashes when a client does not encode them.
        return param[1] === "path" && index === segments.length - 1 ? "(.+)" : "([^/]+)";
      })
      .join("/");
    const literals = segments.filter((segment) => segment && !segment.startsWith("{")).length;
    for (const [method, operation] of Object.entries(methods)) {
      if (typeof operation !== "object" || !("operationId" in operation)) continue;
      routes.push({
        method,
        route,
        pattern: new RegExp(`^${source}/?$`),
        names,
        literals,
        operation,
      });
    }
  }
  // Literal segments win over parameters: `/issues/comments/{id}` before `/issues/{number}`.
  return routes.sort((a, b) => b.literals - a.literals);
}

/** Points local `$ref`s of an operation's body schema at the registered components. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/")
        ? `ghes${value}`
        : rebase(value);
  }
  return out;
}

/**
 * OpenAPI 3.0's `nullable` next to `oneOf`/`allOf` without a `type`, which ajv
 * refuses: rewritten as "that, or null".
 */
function normalize(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalize);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = normalize(value);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, ...rest } = out;
    return { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

let loaded: OpenApiDescription | undefined;

/** The description, parsed once per process. */
export function loadOpenApi(): OpenApiDescription {
  if (!loaded) {
    const file = packageFile("@octokit/openapi", openApiFile);
    loaded = new OpenApiDescription(JSON.parse(readFileSync(file, "utf8")) as Description);
  }
  return loaded;
}
