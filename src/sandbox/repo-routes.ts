import { blobSha } from "./commit-sha.ts";
import { notFound, ok, type RestKit } from "./rest-kit.ts";
import { repoShape, userShape } from "./rest-shapes.ts";

/** Repositories: the repository, its contents and collaborators' permissions. */
export function addRepoRoutes(kit: RestKit): void {
  const { ctx, store, route, repoOf } = kit;
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
}
