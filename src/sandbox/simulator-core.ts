import type { ApiLog } from "./api-log.ts";
import type { AppIdentity } from "./app-identity.ts";
import type { FaultInjector } from "./fault-injector.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";
import type { SandboxStore } from "./sandbox-store.ts";
import type { WebhookQueue } from "./webhook-queue.ts";

/** What the HTTP endpoints share: the simulator's parts, wired once by `GitHubSimulator`. */
export interface SimulatorCore {
  store: SandboxStore;
  ctx: ShapeContext;
  actions: SandboxActions;
  hooks: WebhookQueue;
  faults: FaultInjector;
  log: ApiLog;
  identity: AppIdentity;
  /** Installation tokens handed out: token -> installation id. */
  tokens: Map<string, number>;
  /** The bot's login, `c4bot[bot]`: who acts when the app calls the API. */
  botLogin: string;
  /** GitHub's primary and secondary rate limits, per installation token. */
  limits: RateLimiter;
}

export type Credential =
  | { kind: "none" }
  | { kind: "jwt"; token: string }
  | { kind: "installation"; installationId: number }
  | { kind: "bad" };

/** Reads `Authorization: Bearer <jwt>`, `token <t>` or `Bearer <t>`. */
export function readCredential(core: SimulatorCore, header: string | undefined): Credential {
  if (!header) return { kind: "none" };
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value || !/^(bearer|token)$/i.test(scheme ?? "")) return { kind: "bad" };
  const installationId = core.tokens.get(value);
  if (installationId !== undefined) return { kind: "installation", installationId };
  // JWTs have three dot-separated parts; installation tokens have none.
  if (value.split(".").length === 3) return { kind: "jwt", token: value };
  return { kind: "bad" };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
