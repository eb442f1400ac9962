import { type ActionContext, requireCommit } from "./action-context.ts";
import { checkRunShape, checkSuiteShape } from "./rest-shapes.ts";
import type {
  CheckConclusion,
  CheckOutput,
  CheckRun,
  CheckRunAction,
  CheckStatus,
} from "./sandbox-types.ts";
import { webhookEnvelope } from "./webhook-envelope.ts";

export interface CheckSpec {
  repo: string;
  sha: string;
  name: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  app?: string;
  output?: Partial<CheckOutput>;
  /** The buttons; the REST routes have checked them against GitHub's limits. */
  actions?: CheckRunAction[];
  externalId?: string | null;
  detailsUrl?: string | null;
  startedAt?: string;
  completedAt?: string;
}

/** Check runs and their suites: `check_run` and `check_suite` webhooks. */
export class CheckActions {
  readonly #actx: ActionContext;

  constructor(actx: ActionContext) {
    this.#actx = actx;
  }

  /**
   * Creates a check run, or updates the one with the same name, app and commit:
   * `check_run` created/completed, and `check_suite` completed once every run of
   * the suite is.
   */
  setCheck(spec: CheckSpec): CheckRun {
    const app = spec.app ?? "ci";
    const existing = this.#actx.store.checkRuns.find(
      (run) =>
        run.repo === spec.repo &&
        run.headSha === spec.sha &&
        run.name === spec.name &&
        run.app === app,
    );
    return existing ? this.updateCheckRun(existing, spec) : this.createCheckRun({ ...spec, app });
  }

  createCheckRun(spec: CheckSpec & { app: string }): CheckRun {
    const store = this.#actx.store;
    const commit = requireCommit(store, spec.sha);
    store.app(spec.app);
    const status = spec.conclusion ? "completed" : (spec.status ?? "queued");
    const now = store.now();
    const run: CheckRun = {
      id: store.nextId(),
      repo: spec.repo,
      headSha: commit.sha,
      name: spec.name,
      status,
      conclusion: status === "completed" ? (spec.conclusion ?? "success") : null,
      app: spec.app,
      suiteId: store.checkSuiteId(spec.repo, commit.sha, spec.app),
      output: {
        title: spec.output?.title ?? null,
        summary: spec.output?.summary ?? null,
        text: spec.output?.text ?? null,
      },
      actions: spec.actions ?? [],
      externalId: spec.externalId ?? null,
      detailsUrl: spec.detailsUrl ?? null,
      startedAt: spec.startedAt ?? now,
      completedAt: status === "completed" ? (spec.completedAt ?? now) : null,
    };
    store.checkRuns.push(run);
    this.#sendRun("created", run);
    if (run.status === "completed") this.#sendCompleted(run);
    this.#actx.checksChanged?.(run.repo, run.headSha);
    return run;
  }

  updateCheckRun(run: CheckRun, spec: Partial<CheckSpec>): CheckRun {
    const wasCompleted = run.status === "completed";
    if (spec.name !== undefined) run.name = spec.name;
    if (spec.detailsUrl !== undefined) run.detailsUrl = spec.detailsUrl;
    if (spec.externalId !== undefined) run.externalId = spec.externalId;
    if (spec.startedAt !== undefined) run.startedAt = spec.startedAt;
    if (spec.output) run.output = { ...run.output, ...spec.output };
    if (spec.actions !== undefined) run.actions = spec.actions;
    if (spec.conclusion) {
      run.status = "completed";
      run.conclusion = spec.conclusion;
    } else if (spec.status) {
      run.status = spec.status;
      if (spec.status !== "completed") run.conclusion = null;
      else run.conclusion ??= "success";
    }
    if (run.status === "completed") {
      run.completedAt =
        spec.completedAt ?? (wasCompleted ? run.completedAt : null) ?? this.#actx.store.now();
    } else run.completedAt = null;
    // GitHub has no "updated" check_run action: only a run that completes is announced.
    if (run.status === "completed" && (!wasCompleted || spec.conclusion)) this.#sendCompleted(run);
    this.#actx.checksChanged?.(run.repo, run.headSha);
    return run;
  }

  /**
   * `login` clicks the button `identifier` on check run `runId`: GitHub
   * sends the app that made the run `check_run` `requested_action`, from
   * that user. A button the run does not show cannot be clicked.
   */
  clickButton(spec: { runId: number; identifier: string; by: string }): void {
    const { store, ctx, send } = this.#actx;
    const run = store.checkRuns.find((candidate) => candidate.id === spec.runId);
    if (!run) throw new Error(`no check run ${spec.runId}`);
    if (!run.actions.some((button) => button.identifier === spec.identifier)) {
      const shown = run.actions.map((button) => button.identifier).join(", ") || "none";
      throw new Error(
        `check run ${run.id} has no button "${spec.identifier}" (its buttons: ${shown})`,
      );
    }
    store.user(spec.by);
    send("check_run", {
      action: "requested_action",
      check_run: checkRunShape(ctx, run),
      requested_action: { identifier: spec.identifier },
      ...webhookEnvelope(ctx, store.requireRepo(run.repo), spec.by),
    });
  }

  #sendRun(action: string, run: CheckRun): void {
    const { store, ctx, send } = this.#actx;
    send("check_run", {
      action,
      check_run: checkRunShape(ctx, run),
      ...webhookEnvelope(ctx, store.requireRepo(run.repo), `${run.app}[bot]`),
    });
  }

  #sendCompleted(run: CheckRun): void {
    const { store, ctx, send } = this.#actx;
    this.#sendRun("completed", run);
    const suite = checkSuiteShape(ctx, run);
    if (suite.status !== "completed") return;
    send("check_suite", {
      action: "completed",
      check_suite: suite,
      ...webhookEnvelope(ctx, store.requireRepo(run.repo), `${run.app}[bot]`),
    });
  }
}
