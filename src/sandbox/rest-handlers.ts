import { randomBytes } from "node:crypto";
import type { CheckSpec } from "./check-actions.ts";
import { blobSha } from "./commit-sha.ts";
import type { MergeMethod } from "./merge-commits.ts";
import { paginate } from "./paginate.ts";
import { addReleaseRoutes } from "./release-routes.ts";
import {
  appShape,
  checkRunShape,
  commentShape,
  installationShape,
  issueShape,
  labelShape,
  pullShape,
  repoShape,
  type ShapeContext,
  statusShape,
  userShape,
} from "./rest-shapes.ts";
import type { SandboxActions } from "./sandbox-actions.ts";
import type { CheckConclusion, CheckStatus, Issue, Repo } from "./sandbox-types.ts";

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

const docs = "https://docs.github.com/enterprise-server@3.19/rest";

export const notFound = (): RestReply => ({
  status: 404,
  body: { message: "Not Found", documentation_url: docs, status: "404" },
});

const fail = (status: number, message: string): RestReply => ({
  status,
  body: { message, documentation_url: docs, status: String(status) },
});

const linkHeader = (link: string | null): Record<string, string> => (link ? { link } : {});

const ok = (body: unknown, status = 200): RestReply => ({ status, body });

/** The REST operations the simulator implements, keyed `METHOD /template`. */
export function createRestRoutes(deps: RestDeps): Map<string, RestRoute> {
  const { ctx, actions, tokens } = deps;
  const { store } = ctx;
  const routes = new Map<string, RestRoute>();
  const app = (key: string, handle: RestRoute["handle"]) =>
    routes.set(key, { auth: "app", handle });
  const route = (key: string, handle: RestRoute["handle"]) =>
    routes.set(key, { auth: "installation", handle });

  /** The repository of a request, or null when the caller may not see it. */
  const repoOf = (request: RestRequest): Repo | null => {
    const repo = store.repo(`${request.params.owner}/${request.params.repo}`);
    if (!repo) return null;
    if (repo.private && !repo.installed) return null;
    return repo;
  };
  const issueOf = (request: RestRequest): Issue | null => {
    const repo = repoOf(request);
    if (!repo) return null;
    return store.issue(`${repo.owner}/${repo.name}`, Number(request.params.issue_number)) ?? null;
  };
  const pullOf = (request: RestRequest): Issue | null => {
    const repo = repoOf(request);
    if (!repo) return null;
    const issue = store.issue(`${repo.owner}/${repo.name}`, Number(request.params.pull_number));
    return issue?.pull ? issue : null;
  };
  const paged = (items: unknown[], request: RestRequest): RestReply => {
    const { page, link } = paginate(items, request.query, request.url);
    return { status: 200, body: page, headers: link ? { link } : {} };
  };
  const account = () => actions.repos.installationAccount;

  app("get /app", () => ok(appShape(ctx, ctx.appSlug)));
  app("get /app/installations", () => {
    const owner = account();
    return ok(owner ? [installationShape(ctx, owner)] : []);
  });
  app("post /app/installations/{installation_id}/access_tokens", (request) => {
    const owner = account();
    if (!owner || Number(request.params.installation_id) !== ctx.installationId) return notFound();
    const token = `ghs_${randomBytes(18).toString("hex")}`;
    tokens.set(token, ctx.installationId);
    const installation = installationShape(ctx, owner);
    return ok(
      {
        token,
        // Installation tokens live one hour.
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        permissions: installation.permissions,
        repository_selection: "selected",
      },
      201,
    );
  });
  app("get /repos/{owner}/{repo}/installation", (request) => {
    const repo = store.repo(`${request.params.owner}/${request.params.repo}`);
    const owner = account();
    return repo?.installed && owner ? ok(installationShape(ctx, owner)) : notFound();
  });
  route("get /installation/repositories", (request) => {
    const repos = [...store.repos.values()].filter((repo) => repo.installed);
    const { page, link } = paginate(repos, request.query, request.url);
    return {
      status: 200,
      body: {
        total_count: repos.length,
        repository_selection: "selected",
        repositories: page.map((repo) => repoShape(ctx, repo)),
      },
      headers: linkHeader(link),
    };
  });

  route("get /repos/{owner}/{repo}", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const parent = repo.parent ? store.repo(repo.parent) : undefined;
    return ok({
      ...repoShape(ctx, repo),
      ...(parent ? { parent: repoShape(ctx, parent), source: repoShape(ctx, parent) } : {}),
    });
  });

  route("get /repos/{owner}/{repo}/contents/{path}", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.query.ref);
    const tree = sha ? store.commits.get(sha)?.tree : undefined;
    if (!tree) return notFound();
    const path = request.params.path?.replace(/\/$/, "") ?? "";
    const base = `${ctx.origin()}/api/v3/repos/${repo.owner}/${repo.name}/contents`;
    const text = tree[path];
    if (text !== undefined && /\.raw\b/.test(request.accept)) {
      return {
        status: 200,
        body: text,
        headers: { "content-type": "application/vnd.github.raw; charset=utf-8" },
      };
    }
    if (text !== undefined) {
      const url = `${base}/${path}?ref=${request.query.ref ?? repo.defaultBranch}`;
      return ok({
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(text),
        name: path.split("/").at(-1),
        path,
        // GitHub wraps base64 content at 60 characters.
        content: (
          Buffer.from(text)
            .toString("base64")
            .match(/.{1,60}/g) ?? []
        ).join("\n"),
        sha: blobSha(text),
        url,
        git_url: null,
        html_url: `${ctx.origin()}/${repo.owner}/${repo.name}/blob/${sha}/${path}`,
        download_url: null,
        _links: { self: url, git: null, html: null },
      });
    }
    const entries = new Map<string, "file" | "dir">();
    for (const file of Object.keys(tree)) {
      if (!file.startsWith(`${path}/`)) continue;
      const rest = file.slice(path.length + 1).split("/");
      entries.set(rest[0] ?? "", rest.length > 1 ? "dir" : "file");
    }
    if (entries.size === 0) return notFound();
    return ok(
      [...entries.entries()].map(([name, type]) => ({
        type,
        name,
        path: `${path}/${name}`,
        sha: blobSha(tree[`${path}/${name}`] ?? name),
        size: Buffer.byteLength(tree[`${path}/${name}`] ?? ""),
        url: `${base}/${path}/${name}`,
        git_url: null,
        html_url: null,
        download_url: null,
        _links: { self: `${base}/${path}/${name}`, git: null, html: null },
      })),
    );
  });

  route("get /repos/{owner}/{repo}/pulls", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const state = request.query.state ?? "open";
    const pulls = store
      .pullsOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => !request.query.base || issue.pull?.baseRef === request.query.base)
      .filter(
        (issue) =>
          !request.query.head ||
          `${issue.pull?.headRepo.split("/")[0]}:${issue.pull?.headRef}` === request.query.head,
      );
    const ordered = request.query.direction === "asc" ? pulls : [...pulls].reverse();
    return paged(
      ordered.map((issue) => pullShape(ctx, issue)),
      request,
    );
  });

  route("get /repos/{owner}/{repo}/pulls/{pull_number}", (request) => {
    const issue = pullOf(request);
    return issue ? ok(pullShape(ctx, issue)) : notFound();
  });

  route("get /repos/{owner}/{repo}/pulls/{pull_number}/merge", (request) => {
    const issue = pullOf(request);
    return issue?.pull?.merged ? { status: 204 } : notFound();
  });

  route("put /repos/{owner}/{repo}/pulls/{pull_number}/merge", (request) => {
    const issue = pullOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const result = actions.pulls.merge(
      issue,
      {
        sha: body.sha,
        method: body.merge_method as MergeMethod | undefined,
        title: body.commit_title,
        message: body.commit_message,
      },
      request.sender,
    );
    if (!result.ok) return fail(result.status, result.message);
    return ok({ sha: result.sha, merged: true, message: "Pull Request successfully merged" });
  });

  route("get /repos/{owner}/{repo}/commits/{commit_sha}/pulls", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.params.commit_sha);
    if (!sha) return fail(422, `No commit found for SHA: ${request.params.commit_sha}`);
    const pulls = store
      .pullsOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => issue.pull?.commits.includes(sha) || issue.pull?.mergeCommitSha === sha);
    return paged(
      pulls.map((issue) => pullShape(ctx, issue)),
      request,
    );
  });

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

  const runOf = (request: RestRequest) => {
    const repo = repoOf(request);
    const id = Number(request.params.check_run_id);
    return store.checkRuns.find(
      (run) => repo && run.id === id && run.repo === `${repo.owner}/${repo.name}`,
    );
  };
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

  route("get /repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = issueOf(request);
    return issue ? ok(issueShape(ctx, issue)) : notFound();
  });
  route("patch /repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const labels = Array.isArray(body.labels)
      ? body.labels.map((label: string | { name: string }) =>
          typeof label === "string" ? label : label.name,
        )
      : undefined;
    actions.issues.updateIssue(
      issue,
      {
        title: typeof body.title === "string" ? body.title : undefined,
        body: typeof body.body === "string" ? body.body : undefined,
        state: body.state,
        stateReason: body.state_reason,
        labels,
      },
      request.sender,
    );
    return ok(issueShape(ctx, issue));
  });
  route("get /repos/{owner}/{repo}/issues", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const state = request.query.state ?? "open";
    const wanted = request.query.labels?.split(",").filter(Boolean) ?? [];
    const since = request.query.since ? Date.parse(request.query.since) : null;
    const issues = store
      .issuesOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => wanted.every((name) => issue.labels.includes(name)))
      .filter((issue) => since === null || Date.parse(issue.updatedAt) >= since)
      .filter((issue) => !request.query.creator || issue.author === request.query.creator);
    const ordered = request.query.direction === "asc" ? issues : [...issues].reverse();
    return paged(
      ordered.map((issue) => issueShape(ctx, issue)),
      request,
    );
  });
  route("post /repos/{owner}/{repo}/issues", (request) => {
    const repo = repoOf(request);
    if (!repo?.installed) return notFound();
    const issue = actions.issues.openIssue({
      repo: `${repo.owner}/${repo.name}`,
      author: request.sender,
      title: String(request.body.title),
      body: request.body.body ?? "",
      labels: (request.body.labels ?? []).map((label: string | { name: string }) =>
        typeof label === "string" ? label : label.name,
      ),
    });
    return ok(issueShape(ctx, issue), 201);
  });

  route("post /repos/{owner}/{repo}/issues/{issue_number}/labels", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const given: Array<string | { name: string }> = Array.isArray(body)
      ? body
      : (body.labels ?? []);
    const names = given.map((label) => (typeof label === "string" ? label : label.name));
    actions.issues.setLabels(issue, [...issue.labels, ...names], request.sender);
    return ok(issue.labels.map((name) => labelShape(ctx, issue.repo, name)));
  });
  route("delete /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const name = request.params.name ?? "";
    if (!issue.labels.includes(name)) return fail(404, "Label does not exist");
    actions.issues.setLabels(
      issue,
      issue.labels.filter((label) => label !== name),
      request.sender,
    );
    return ok(issue.labels.map((label) => labelShape(ctx, issue.repo, label)));
  });

  route("get /repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const since = request.query.since ? Date.parse(request.query.since) : null;
    const comments = store.comments
      .filter((comment) => comment.repo === issue.repo && comment.number === issue.number)
      .filter((comment) => since === null || Date.parse(comment.updatedAt) >= since);
    return paged(
      comments.map((comment) => commentShape(ctx, comment)),
      request,
    );
  });
  route("post /repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const comment = actions.comments.addComment({
      repo: issue.repo,
      number: issue.number,
      author: request.sender,
      body: String(request.body.body),
    });
    return ok(commentShape(ctx, comment), 201);
  });
  const commentOf = (request: RestRequest) => {
    const repo = repoOf(request);
    const id = Number(request.params.comment_id);
    return store.comments.find(
      (comment) => repo && comment.id === id && comment.repo === `${repo.owner}/${repo.name}`,
    );
  };
  route("get /repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => {
    const comment = commentOf(request);
    return comment ? ok(commentShape(ctx, comment)) : notFound();
  });
  route("patch /repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => {
    const comment = commentOf(request);
    if (!comment) return notFound();
    if (comment.author !== request.sender)
      return fail(403, "Resource not accessible by integration");
    return ok(
      commentShape(
        ctx,
        actions.comments.editComment(comment, String(request.body.body), request.sender),
      ),
    );
  });

  route("get /repos/{owner}/{repo}/collaborators/{username}/permission", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const login = request.params.username ?? "";
    const role = store.permission(repo, login);
    // The legacy `permission` field folds maintain into write and triage into read.
    const legacy =
      role === "maintain"
        ? "write"
        : role === "triage"
          ? "read"
          : (role ?? (repo.private ? "none" : "read"));
    return ok({
      permission: legacy,
      role_name: role ?? (repo.private ? "none" : "read"),
      user: {
        ...userShape(ctx, login),
        permissions: {
          admin: role === "admin",
          maintain: role === "maintain" || role === "admin",
          push: legacy === "admin" || legacy === "write",
          triage: role !== null,
          pull: true,
        },
      },
    });
  });

  addReleaseRoutes(routes, { ctx, repoOf, paged, notFound, fail });
  return routes;
}
