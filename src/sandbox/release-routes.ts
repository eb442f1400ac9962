import { ancestors, compareCommits } from "./commit-graph.ts";
import { paginate } from "./paginate.ts";
import type { RestReply, RestRequest, RestRoute } from "./rest-handlers.ts";
import { gitPerson, type ShapeContext, userShape } from "./rest-shapes.ts";
import type { Release } from "./sandbox-release.ts";
import type { Commit, Repo } from "./sandbox-types.ts";

type Json = Record<string, unknown>;

export interface ReleaseRouteDeps {
  ctx: ShapeContext;
  repoOf(request: RestRequest): Repo | null;
  paged(items: unknown[], request: RestRequest): RestReply;
  notFound(): RestReply;
  fail(status: number, message: string): RestReply;
}

const api = (ctx: ShapeContext) => `${ctx.origin()}/api/v3`;

/** A commit as the commits and compare APIs list it. */
export function commitShape(ctx: ShapeContext, repo: Repo, commit: Commit): Json {
  const fullName = `${repo.owner}/${repo.name}`;
  const url = `${api(ctx)}/repos/${fullName}/commits/${commit.sha}`;
  const person = gitPerson(commit);
  return {
    sha: commit.sha,
    node_id: Buffer.from(`Commit:${commit.sha}`).toString("base64url"),
    commit: {
      author: person,
      committer: person,
      message: commit.message,
      url,
      comment_count: 0,
      tree: { sha: commit.sha, url },
    },
    url,
    html_url: `${ctx.origin()}/${fullName}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    author: userShape(ctx, commit.author),
    committer: userShape(ctx, commit.author),
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${api(ctx)}/repos/${fullName}/commits/${sha}`,
    })),
  };
}

export function releaseShape(ctx: ShapeContext, release: Release): Json {
  const url = `${api(ctx)}/repos/${release.repo}/releases/${release.id}`;
  const html = `${ctx.origin()}/${release.repo}/releases/tag/${release.tag}`;
  return {
    url,
    html_url: html,
    assets_url: `${url}/assets`,
    upload_url: `${url}/assets{?name,label}`,
    tarball_url: `${api(ctx)}/repos/${release.repo}/tarball/${release.tag}`,
    zipball_url: `${api(ctx)}/repos/${release.repo}/zipball/${release.tag}`,
    id: release.id,
    node_id: Buffer.from(`Release:${release.id}`).toString("base64url"),
    tag_name: release.tag,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    author: userShape(ctx, release.author),
    assets: [],
  };
}

/**
 * Tags, commits, compare and releases: what release notes (C4 2.4.6) and the
 * tag report (2.5.3) read. Registered by `createRestRoutes`.
 */
export function addReleaseRoutes(routes: Map<string, RestRoute>, deps: ReleaseRouteDeps): void {
  const { ctx, repoOf, paged, notFound, fail } = deps;
  const { store } = ctx;
  const route = (key: string, handle: RestRoute["handle"]) =>
    routes.set(key, { auth: "installation", handle });
  const fullName = (repo: Repo) => `${repo.owner}/${repo.name}`;

  route("get /repos/{owner}/{repo}/tags", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const prefix = `${fullName(repo)}@`;
    const tags = [...store.tags.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, sha]) => ({
        name: key.slice(prefix.length),
        commit: { sha, url: `${api(ctx)}/repos/${fullName(repo)}/commits/${sha}` },
        zipball_url: `${api(ctx)}/repos/${fullName(repo)}/zipball/${key.slice(prefix.length)}`,
        tarball_url: `${api(ctx)}/repos/${fullName(repo)}/tarball/${key.slice(prefix.length)}`,
        node_id: Buffer.from(`Tag:${key}`).toString("base64url"),
      }))
      // GitHub lists the newest tag first.
      .reverse();
    return paged(tags, request);
  });

  route("get /repos/{owner}/{repo}/commits", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.query.sha);
    if (!sha) return notFound();
    const since = request.query.since ? Date.parse(request.query.since) : null;
    const commits = ancestors(store, sha).filter(
      (commit) => since === null || Date.parse(commit.committedDate) >= since,
    );
    return paged(
      commits.map((commit) => commitShape(ctx, repo, commit)),
      request,
    );
  });

  route("get /repos/{owner}/{repo}/compare/{basehead}", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const [baseRef, headRef] = (request.params.basehead ?? "").split("...");
    const base = store.resolveRef(repo, baseRef);
    const head = store.resolveRef(repo, headRef);
    if (!base || !head) return notFound();
    const compared = compareCommits(store, base, head);
    const { page, link } = paginate(compared.ahead, request.query, request.url);
    const url = `${api(ctx)}/repos/${fullName(repo)}/compare/${request.params.basehead}`;
    const baseCommit = store.commits.get(base) as Commit;
    return {
      status: 200,
      headers: link ? { link } : {},
      body: {
        url,
        html_url: `${ctx.origin()}/${fullName(repo)}/compare/${request.params.basehead}`,
        permalink_url: url,
        diff_url: `${url}.diff`,
        patch_url: `${url}.patch`,
        base_commit: commitShape(ctx, repo, baseCommit),
        merge_base_commit: commitShape(ctx, repo, compared.mergeBase ?? baseCommit),
        status: compared.status,
        ahead_by: compared.ahead.length,
        behind_by: compared.behindBy,
        total_commits: compared.ahead.length,
        commits: page.map((commit) => commitShape(ctx, repo, commit)),
        files: [],
      },
    };
  });

  const releasesOf = (repo: Repo) =>
    store.releases.filter((release) => release.repo === fullName(repo));
  route("get /repos/{owner}/{repo}/releases", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    return paged(
      [...releasesOf(repo)].reverse().map((release) => releaseShape(ctx, release)),
      request,
    );
  });
  const releaseOf = (request: RestRequest) => {
    const repo = repoOf(request);
    const id = Number(request.params.release_id);
    return repo ? releasesOf(repo).find((release) => release.id === id) : undefined;
  };
  route("get /repos/{owner}/{repo}/releases/{release_id}", (request) => {
    const release = releaseOf(request);
    return release ? { status: 200, body: releaseShape(ctx, release) } : notFound();
  });
  route("get /repos/{owner}/{repo}/releases/tags/{tag}", (request) => {
    const repo = repoOf(request);
    const release = repo
      ? releasesOf(repo).find((candidate) => candidate.tag === request.params.tag)
      : undefined;
    return release ? { status: 200, body: releaseShape(ctx, release) } : notFound();
  });
  route("patch /repos/{owner}/{repo}/releases/{release_id}", (request) => {
    const release = releaseOf(request);
    if (!release) return notFound();
    if (!repoOf(request)?.installed) return fail(403, "Resource not accessible by integration");
    const body = request.body ?? {};
    if (typeof body.body === "string") release.body = body.body;
    if (typeof body.name === "string") release.name = body.name;
    if (typeof body.draft === "boolean") release.draft = body.draft;
    if (typeof body.prerelease === "boolean") release.prerelease = body.prerelease;
    return { status: 200, body: releaseShape(ctx, release) };
  });
}
