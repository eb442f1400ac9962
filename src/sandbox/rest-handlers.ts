import { addAppRoutes } from "./app-routes.ts";
import { addCheckRoutes } from "./check-routes.ts";
import { addCommentRoutes } from "./comment-routes.ts";
import { addIssueRoutes } from "./issue-routes.ts";
import { addPullRoutes } from "./pull-routes.ts";
import { addReleaseRoutes } from "./release-routes.ts";
import { addRepoRoutes } from "./repo-routes.ts";
import { createRestKit, fail, notFound } from "./rest-kit.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import { addRulesetRoutes } from "./ruleset-routes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";

export interface RestRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: validated against the OpenAPI schema before it gets here
  body: any;
  /** The full request URL, for pagination links. */
  url: string;
  installationId: number | null;
  /** Who acts: the app's bot for installation tokens. */
  sender: string;
  /** The Accept header: `application/vnd.github.raw` asks for a file's bytes. */
  accept: string;
}

export interface RestReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Which credential a route takes: the app's JWT or an installation token. */
export type RestAuth = "app" | "installation";

export interface RestRoute {
  auth: RestAuth;
  handle: (request: RestRequest) => RestReply;
}

export interface RestDeps {
  ctx: ShapeContext;
  actions: SandboxActions;
  /** Installation tokens handed out, token -> installation id. */
  tokens: Map<string, number>;
}

/** The REST operations the simulator implements, keyed `METHOD /template`, one module per resource. */
export function createRestRoutes(deps: RestDeps): Map<string, RestRoute> {
  const routes = new Map<string, RestRoute>();
  const kit = createRestKit(deps, routes);
  addAppRoutes(kit);
  addRepoRoutes(kit);
  addPullRoutes(kit);
  addCheckRoutes(kit);
  addIssueRoutes(kit);
  addCommentRoutes(kit);
  addRulesetRoutes(kit);
  const { ctx, repoOf, paged } = kit;
  addReleaseRoutes(routes, { ctx, repoOf, paged, notFound, fail });
  return routes;
}
