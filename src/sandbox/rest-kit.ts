import { paginate } from "./paginate.ts";
import type { RestDeps, RestReply, RestRequest, RestRoute } from "./rest-handlers.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";
import type { SandboxStore } from "./sandbox-store.ts";
import type { Issue, Repo } from "./sandbox-types.ts";

const docs = "https://docs.github.com/enterprise-server@3.19/rest";

export const notFound = (): RestReply => ({
  status: 404,
  body: { message: "Not Found", documentation_url: docs, status: "404" },
});

export const fail = (status: number, message: string): RestReply => ({
  status,
  body: { message, documentation_url: docs, status: String(status) },
});

export const linkHeader = (link: string | null): Record<string, string> => (link ? { link } : {});

export const ok = (body: unknown, status = 200): RestReply => ({ status, body });

/** What each resource's routes are written with: the simulator's parts and the lookups they share. */
export interface RestKit {
  ctx: ShapeContext;
  store: SandboxStore;
  actions: SandboxActions;
  /** Installation tokens handed out, token -> installation id. */
  tokens: Map<string, number>;
  /** Adds a route that takes the app's JWT. */
  app(key: string, handle: RestRoute["handle"]): void;
  /** Adds a route that takes an installation token. */
  route(key: string, handle: RestRoute["handle"]): void;
  /** The repository of a request, or null when the caller may not see it. */
  repoOf(request: RestRequest): Repo | null;
  issueOf(request: RestRequest): Issue | null;
  pullOf(request: RestRequest): Issue | null;
  /** One page of `items` and its `link` header. */
  paged(items: unknown[], request: RestRequest): RestReply;
  /** The item of the request's repository whose id is the path parameter `param`. */
  byId<T extends { id: number; repo: string }>(
    request: RestRequest,
    items: readonly T[],
    param: string,
  ): T | undefined;
}

/** The kit for adding routes to `routes`. */
export function createRestKit(deps: RestDeps, routes: Map<string, RestRoute>): RestKit {
  const { ctx, actions, tokens } = deps;
  const { store } = ctx;
  const repoOf = (request: RestRequest): Repo | null => {
    const repo = store.repo(`${request.params.owner}/${request.params.repo}`);
    if (!repo) return null;
    if (repo.private && !repo.installed) return null;
    return repo;
  };
  return {
    ctx,
    store,
    actions,
    tokens,
    app: (key, handle) => {
      routes.set(key, { auth: "app", handle });
    },
    route: (key, handle) => {
      routes.set(key, { auth: "installation", handle });
    },
    repoOf,
    issueOf: (request) => {
      const repo = repoOf(request);
      if (!repo) return null;
      return store.issue(`${repo.owner}/${repo.name}`, Number(request.params.issue_number)) ?? null;
    },
    pullOf: (request) => {
      const repo = repoOf(request);
      if (!repo) return null;
      const issue = store.issue(`${repo.owner}/${repo.name}`, Number(request.params.pull_number));
      return issue?.pull ? issue : null;
    },
    paged: (items, request): RestReply => {
      const { page, link } = paginate(items, request.query, request.url);
      return { status: 200, body: page, headers: link ? { link } : {} };
    },
    byId: (request, items, param) => {
      const repo = repoOf(request);
      const id = Number(request.params[param]);
      return items.find(
        (item) => repo && item.id === id && item.repo === `${repo.owner}/${repo.name}`,
      );
    },
  };
}
