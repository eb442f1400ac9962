import type { CheckSpec } from "./check-actions.ts";
import { paginate } from "./paginate.ts";
import type { RestRequest } from "./rest-handlers.ts";
import { fail, linkHeader, notFound, ok, type RestKit } from "./rest-kit.ts";
import { checkRunShape, repoShape, statusShape } from "./rest-shapes.ts";
import type { CheckConclusion, CheckStatus } from "./sandbox-types.ts";

/** Check runs and commit statuses: a commit's runs and combined status, runs created and updated. */
export function addCheckRoutes(kit: RestKit): void {
  const { ctx, store, actions, route, repoOf, byId } = kit;
  route("get /repos/{owner}/{repo}/commits/{ref}/check-runs", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.params.ref);
    if (!sha) return fail(422, `No commit found for SHA: ${request.params.ref}`);
    const runs = store.checkRuns
      .filter((run) => run.repo === `${repo.owner}/${repo.name}` && run.headSha === sha)
      .filter((run) => !request.query.check_name || run.name === request.query.check_name)
      .filter((run) => !request.query.status || run.status === request.query.status)
      .filter(
        (run) => !request.query.app_id || String(store.app(run.app).id) === request.query.app_id,
      )
      .reverse();
    const { page, link } = paginate(runs, request.query, request.url);
    return {
      status: 200,
      body: { total_count: runs.length, check_runs: page.map((run) => checkRunShape(ctx, run)) },
      headers: linkHeader(link),
    };
  });

  route("get /repos/{owner}/{repo}/commits/{ref}/status", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.params.ref);
    if (!sha) return fail(422, `No commit found for SHA: ${request.params.ref}`);
    const latest = new Map<string, (typeof store.statuses)[number]>();
    for (const status of store.statuses) {
      if (status.repo === `${repo.owner}/${repo.name}` && status.sha === sha) {
        latest.set(status.context, status);
      }
    }
    const statuses = [...latest.values()];
    const states = statuses.map((status) => status.state);
    const state = states.some((s) => s === "error" || s === "failure")
      ? "failure"
      : states.length === 0 || states.includes("pending")
        ? "pending"
        : "success";
    return ok({
      state,
      statuses: statuses.map((status) => statusShape(ctx, status)),
      sha,
      total_count: statuses.length,
      repository: repoShape(ctx, repo),
      commit_url: `${ctx.origin()}/api/v3/repos/${repo.owner}/${repo.name}/commits/${sha}`,
      url: `${ctx.origin()}/api/v3/repos/${repo.owner}/${repo.name}/commits/${sha}/status`,
    });
  });

  const checkSpec = (body: Record<string, unknown>): Partial<CheckSpec> => ({
    name: body.name as string | undefined,
    status: body.status as CheckStatus | undefined,
    conclusion: body.conclusion as CheckConclusion | undefined,
    output: body.output as CheckSpec["output"],
    actions: body.actions as CheckSpec["actions"],
    externalId: body.external_id as string | undefined,
    detailsUrl: body.details_url as string | undefined,
    startedAt: body.started_at as string | undefined,
    completedAt: body.completed_at as string | undefined,
  });

  route("post /repos/{owner}/{repo}/check-runs", (request) => {
    const repo = repoOf(request);
    if (!repo?.installed) return notFound();
    const sha = store.resolveRef(repo, request.body.head_sha);
    if (!sha) return fail(422, `No commit found for SHA: ${request.body.head_sha}`);
    const run = actions.checks.createCheckRun({
      ...checkSpec(request.body),
      name: request.body.name,
      repo: `${repo.owner}/${repo.name}`,
      sha,
      app: ctx.appSlug,
    });
    return ok(checkRunShape(ctx, run), 201);
  });

  const runOf = (request: RestRequest) => byId(request, store.checkRuns, "check_run_id");
  route("get /repos/{owner}/{repo}/check-runs/{check_run_id}", (request) => {
    const run = runOf(request);
    return run ? ok(checkRunShape(ctx, run)) : notFound();
  });
  route("patch /repos/{owner}/{repo}/check-runs/{check_run_id}", (request) => {
    const run = runOf(request);
    if (!run) return notFound();
    // Only the app that created a check run may change it.
    if (run.app !== ctx.appSlug)
      return fail(
        403,
        "Invalid app_id `" +
          run.app +
          "` - check run can only be modified by the GitHub App that created it.",
      );
    return ok(
      checkRunShape(ctx, actions.checks.updateCheckRun(run, checkSpec(request.body ?? {}))),
    );
  });
}
