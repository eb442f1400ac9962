import Fastify, { type FastifyInstance } from "fastify";
import { type ApiCall, ApiLog, type Violation } from "./api-log.ts";
import { type AppIdentity, createAppIdentity } from "./app-identity.ts";
import type { CheckSpec } from "./check-actions.ts";
import type { CommitSpec } from "./commit-all.ts";
import { type Fault, FaultInjector } from "./fault-injector.ts";
import { registerGraphqlEndpoint } from "./graphql-endpoint.ts";
import { loadGraphqlSchema } from "./graphql-schema.ts";
import { loadOpenApi } from "./openapi-description.ts";
import type { PullSpec } from "./pull-actions.ts";
import { type LimitsPatch, parseLimitsPatch, type RateLimits } from "./rate-limit-config.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { ReleaseActions } from "./release-actions.ts";
import type { RepoSpec } from "./repo-actions.ts";
import { registerRestEndpoint } from "./rest-endpoint.ts";
import type { ShapeContext } from "./rest-shapes.ts";
import { SandboxActions } from "./sandbox-actions.ts";
import type { Release } from "./sandbox-release.ts";
import { SandboxStore } from "./sandbox-store.ts";
import type {
  CheckRun,
  Comment,
  CommitStatus,
  Review,
  ReviewState,
  StatusState,
  UserType,
} from "./sandbox-types.ts";
import { registerScriptingRoutes } from "./scripting-routes.ts";
import type { SimulatorCore } from "./simulator-core.ts";
import { type SimulatorState, simulatorState } from "./simulator-state.ts";
import { registerWebPages } from "./web-pages.ts";
import { type Delivery, WebhookQueue } from "./webhook-queue.ts";

export interface GitHubSimulatorOptions {
  /** The app's slug; its bot is `<slug>[bot]`. Default `c4bot`. */
  appSlug?: string;
  /** The secret webhooks are signed with; random by default. */
  webhookSecret?: string;
  /** Injected for webhook delivery; the global fetch by default. */
  fetch?: typeof fetch;
  /** The rate limits' clock, in epoch milliseconds: tests move it instead of sleeping. */
  now?: () => number;
}

type Lifecycle = "idle" | "listening" | "closed";

/**
 * A stateful fake of the part of GitHub c4bot uses, over real HTTP: REST under
 * `/api/v3` (checked against GitHub's OpenAPI description), GraphQL at
 * `/api/graphql` (checked against GitHub's schema), signed webhooks to the app,
 * and `/_sandbox/*` endpoints to script the world and inject faults.
 */
export class GitHubSimulator {
  readonly #state: {
    lifecycle: Lifecycle;
    server: FastifyInstance | null;
    origin: string;
    webhookUrl: string | null;
    webhookSecret: string;
  };
  readonly #core: SimulatorCore;
  readonly #releases: ReleaseActions;

  constructor(options: GitHubSimulatorOptions = {}) {
    const store = new SandboxStore();
    const slug = options.appSlug ?? "c4bot";
    const app = store.app(slug);
    const identity: AppIdentity = createAppIdentity(app.id, slug, options.webhookSecret);
    this.#state = {
      lifecycle: "idle",
      server: null,
      origin: "http://127.0.0.1",
      webhookUrl: null,
      webhookSecret: identity.webhookSecret,
    };
    const ctx: ShapeContext = {
      store,
      origin: () => this.#state.origin,
      installationId: store.nextId(),
      appSlug: slug,
    };
    const hooks = new WebhookQueue(
      () => ({ url: this.#state.webhookUrl, secret: this.#state.webhookSecret }),
      options.fetch,
    );
    this.#core = {
      store,
      ctx,
      actions: new SandboxActions(
        ctx,
        (event, payload) => hooks.send(event, payload),
        `${slug}[bot]`,
      ),
      hooks,
      faults: new FaultInjector(),
      log: new ApiLog(),
      identity,
      tokens: new Map(),
      botLogin: `${slug}[bot]`,
      limits: new RateLimiter(options.now),
    };
    this.#releases = new ReleaseActions(ctx, (event, payload) => hooks.send(event, payload));
  }

  /** Listens on `host:port` (default 127.0.0.1, a free port) and returns the origin URL. */
  async start(options: { port?: number; host?: string } = {}): Promise<string> {
    if (this.#state.lifecycle !== "idle") throw new Error("[c4bot sandbox] start() runs once");
    const server = Fastify({ bodyLimit: 25 * 1024 * 1024 });
    server.removeContentTypeParser("application/json");
    // Empty bodies are legal (e.g. a merge with no options); bad JSON is GitHub's 400.
    server.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
      const text = String(body);
      if (text.trim() === "") return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        const error = Object.assign(new Error("Problems parsing JSON"), { statusCode: 400 });
        done(error, undefined);
      }
    });
    registerRestEndpoint(server, this.#core, loadOpenApi());
    registerGraphqlEndpoint(server, this.#core, loadGraphqlSchema());
    registerScriptingRoutes(server, this);
    registerWebPages(server, this);
    const host = options.host ?? "127.0.0.1";
    await server.listen({ port: options.port ?? 0, host });
    const address = server.server.address();
    const port = typeof address === "object" && address ? address.port : options.port;
    this.#state.origin = `http://${host}:${port}`;
    this.#state.server = server;
    this.#state.lifecycle = "listening";
    return this.#state.origin;
  }

  async close(): Promise<void> {
    if (this.#state.lifecycle !== "listening") return;
    this.#state.lifecycle = "closed";
    await this.#core.hooks.waitForIdle();
    await this.#state.server?.close();
  }

  /** The origin, e.g. `http://127.0.0.1:4567`. */
  get url(): string {
    return this.#state.origin;
  }

  /** What Probot takes as `baseUrl`; its GraphQL calls then go to `/api/graphql`. */
  get apiUrl(): string {
    return `${this.#state.origin}/api/v3`;
  }

  /** What an app needs to run against the simulator: Probot's settings, as plain data. */
  get appCredentials(): {
    appId: number;
    privateKey: string;
    webhookSecret: string;
    baseUrl: string;
  } {
    return {
      appId: this.appId,
      privateKey: this.privateKey,
      webhookSecret: this.webhookSecret,
      baseUrl: this.apiUrl,
    };
  }

  get appId(): number {
    return this.#core.identity.appId;
  }

  get appSlug(): string {
    return this.#core.identity.slug;
  }

  get privateKey(): string {
    return this.#core.identity.privateKey;
  }

  get webhookSecret(): string {
    return this.#state.webhookSecret;
  }

  get botLogin(): string {
    return this.#core.botLogin;
  }

  get installationId(): number {
    return this.#core.ctx.installationId;
  }

  /** Says where the app listens for webhooks (and, optionally, a new secret). */
  setApp(app: { webhookUrl: string | null; webhookSecret?: string }): void {
    this.#state.webhookUrl = app.webhookUrl;
    if (app.webhookSecret !== undefined) this.#state.webhookSecret = app.webhookSecret;
  }

  createUser(login: string, type?: UserType): { login: string; id: number; type: UserType } {
    return { ...this.#core.store.user(login, type) };
  }

  createRepo(spec: RepoSpec): { fullName: string; id: number; headSha: string } {
    const repo = this.#core.actions.repos.createRepo(spec);
    return {
      fullName: `${repo.owner}/${repo.name}`,
      id: repo.id,
      headSha: repo.branches.get(repo.defaultBranch) ?? "",
    };
  }

  /** Pushes commits straight to a branch (a maintainer's push): `push` webhook. */
  pushToBranch(spec: {
    repo: string;
    branch?: string;
    pusher: string;
    commits: CommitSpec[];
  }): string {
    const repo = this.#core.store.requireRepo(spec.repo);
    return this.#core.actions.repos.pushToBranch(
      spec.repo,
      spec.branch ?? repo.defaultBranch,
      spec.commits,
      spec.pusher,
    );
  }

  openPull(spec: PullSpec): { number: number; headSha: string } {
    return this.#core.actions.pulls.openPull(spec);
  }

  pushToPull(spec: { repo: string; number: number; commits: CommitSpec[]; pusher?: string }): {
    headSha: string;
  } {
    return {
      headSha: this.#core.actions.pulls.pushToPull(
        spec.repo,
        spec.number,
        spec.commits,
        spec.pusher,
      ),
    };
  }

  editPull(spec: {
    repo: string;
    number: number;
    mergeable?: boolean | null;
    draft?: boolean;
    milestone?: string | null;
  }): void {
    this.#core.actions.pulls.editPull(spec.repo, spec.number, spec);
  }

  openIssue(spec: {
    repo: string;
    author: string;
    title: string;
    body?: string;
    labels?: string[];
  }): { number: number } {
    return { number: this.#core.actions.issues.openIssue(spec).number };
  }

  /** Edits an issue's title or body as `sender`: `issues` edited. */
  editIssue(spec: {
    repo: string;
    number: number;
    sender: string;
    title?: string;
    body?: string;
  }): void {
    const issue = this.#core.store.issue(spec.repo, spec.number);
    if (!issue) throw new Error(`[c4bot sandbox] no issue ${spec.repo}#${spec.number}`);
    this.#core.actions.issues.updateIssue(
      issue,
      {
        ...(spec.title !== undefined ? { title: spec.title } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
      },
      spec.sender,
    );
  }

  closeIssue(spec: { repo: string; number: number; sender: string }): void {
    const issue = this.#core.store.issue(spec.repo, spec.number);
    if (!issue) throw new Error(`[c4bot sandbox] no issue ${spec.repo}#${spec.number}`);
    this.#core.actions.issues.updateIssue(issue, { state: "closed" }, spec.sender);
  }

  /** Tags a commit (a branch's head, the default branch's by default): `create` and `push`. */
  createTag(spec: { repo: string; tag: string; ref?: string; pusher: string }): string {
    return this.#releases.createTag(spec);
  }

  /** Publishes a release (tagging `ref` first if needed): `release` created and published. */
  publishRelease(spec: {
    repo: string;
    tag: string;
    author: string;
    name?: string;
    body?: string;
    ref?: string;
  }): { id: number } {
    return { id: this.#releases.publishRelease(spec).id };
  }

  /** The releases of every repository, as stored. */
  releases(): Release[] {
    return this.#core.store.releases.map((release) => ({ ...release }));
  }

  /** A check run by another app (default `ci`), created or updated by name. */
  setCheck(spec: CheckSpec): CheckRun {
    return { ...this.#core.actions.checks.setCheck(spec) };
  }

  /** `by` clicks a button of a check run (`check_run` `requested_action`). */
  clickButton(spec: { runId: number; identifier: string; by: string }): void {
    this.#core.actions.checks.clickButton(spec);
  }

  setStatus(spec: {
    repo: string;
    sha: string;
    context: string;
    state: StatusState;
    description?: string;
    targetUrl?: string;
    creator?: string;
  }): CommitStatus {
    return { ...this.#core.actions.statuses.setStatus(spec) };
  }

  submitReview(spec: {
    repo: string;
    number: number;
    author: string;
    state: ReviewState;
    body?: string;
  }): Review {
    return { ...this.#core.actions.reviews.submitReview(spec) };
  }

  /** A person presses GitHub's merge button (a merge by hand, not through the app). */
  mergePull(spec: { repo: string; number: number; by: string }): { ok: boolean } {
    const pulls = this.#core.actions.pulls;
    return { ok: pulls.merge(pulls.requirePull(spec.repo, spec.number), {}, spec.by).ok };
  }

  addComment(spec: { repo: string; number: number; author: string; body: string }): Comment {
    return { ...this.#core.actions.comments.addComment(spec) };
  }

  setPermission(spec: {
    repo: string;
    login: string;
    permission: "admin" | "maintain" | "write" | "triage" | "read" | null;
  }): void {
    const repo = this.#core.store.requireRepo(spec.repo);
    this.#core.store.user(spec.login);
    if (spec.permission === null) repo.collaborators.delete(spec.login);
    else repo.collaborators.set(spec.login, spec.permission);
  }

  /**
   * Adds a ruleset to a branch (the default branch by default): required
   * status checks and, with `mergeQueue`, a merge queue. Throws on a bad spec.
   */
  addRuleset(spec: {
    repo: string;
    branch?: string;
    requiredChecks?: string[];
    mergeQueue?: boolean;
  }): { id: number } {
    const repo = this.#core.store.requireRepo(String(spec.repo));
    const checks = spec.requiredChecks ?? [];
    if (!Array.isArray(checks) || checks.some((name) => typeof name !== "string" || name === "")) {
      throw new Error("[c4bot sandbox] requiredChecks must be a list of check names");
    }
    if (spec.branch !== undefined && !repo.branches.has(spec.branch)) {
      throw new Error(`[c4bot sandbox] ${spec.repo} has no branch ${spec.branch}`);
    }
    const ruleset = {
      id: this.#core.store.nextId(),
      repo: `${repo.owner}/${repo.name}`,
      branch: spec.branch ?? null,
      requiredChecks: [...checks],
      mergeQueue: spec.mergeQueue === true,
    };
    this.#core.store.rulesets.push(ruleset);
    return { id: ruleset.id };
  }

  /** Moves the simulator's clock forward: timestamps of later events (not JWT checks). */
  advanceClock(ms: number): void {
    this.#core.store.advanceClock(ms);
  }

  /**
   * Changes some rate limits (GitHub's by default, always on), e.g.
   * `{secondary: {contentPerMinute: 20}}`; `reset: true` zeroes every count.
   * Throws on a bad patch, with the field's name.
   */
  setLimits(patch: LimitsPatch): void {
    this.#core.limits.update(parseLimitsPatch(patch));
  }

  /** The rate limits in force. */
  limits(): RateLimits {
    return this.#core.limits.limits;
  }

  /** The limits and each installation's counts, as `GET /_sandbox/limits` answers. */
  limitsState(): ReturnType<RateLimiter["snapshot"]> {
    return this.#core.limits.snapshot();
  }

  addFault(fault: Omit<Fault, "times"> & { times?: number }): void {
    this.#core.faults.add({ ...fault, times: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.#core.faults.clear();
  }

  /** API calls after `since` (a `seq` or `callCursor()`), in order. */
  calls(since = 0): ApiCall[] {
    return this.#core.log.calls(since);
  }

  callCursor(): number {
    return this.#core.log.cursor;
  }

  violations(): Violation[] {
    return this.#core.log.violations();
  }

  clearViolations(): void {
    this.#core.log.clearViolations();
  }

  deliveries(): Delivery[] {
    return this.#core.hooks.deliveries.map((delivery) => ({ ...delivery }));
  }

  /** Sends a delivery again with the same `X-GitHub-Delivery` id. */
  redeliver(deliveryId: string): Delivery {
    return this.#core.hooks.redeliver(deliveryId);
  }

  /** Sends any body with any (or a correct) signature: for the app's defences. */
  deliverRaw(input: { event: string; body: string | object; signature?: string }): Delivery {
    return this.#core.hooks.sendRaw(input);
  }

  /** Resolves once every queued webhook has been answered. */
  waitForIdle(): Promise<void> {
    return this.#core.hooks.waitForIdle();
  }

  /** Alias of `waitForIdle`. */
  settle(): Promise<void> {
    return this.waitForIdle();
  }

  state(): SimulatorState {
    return simulatorState(this.#core, this.#state.webhookUrl);
  }
}
