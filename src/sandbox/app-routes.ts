import { randomBytes } from "node:crypto";
import { paginate } from "./paginate.ts";
import { linkHeader, notFound, ok, type RestKit } from "./rest-kit.ts";
import { appShape, installationShape, repoShape } from "./rest-shapes.ts";

/** The app (JWT) and installation routes: the app, its installations, tokens. */
export function addAppRoutes(kit: RestKit): void {
  const { ctx, store, actions, tokens, app, route } = kit;
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
}
