import type { GitHubClient } from "./client.ts";

/** The app's active installations (needs the app's own client, not an installation's). */
export async function listInstallations(app: GitHubClient): Promise<number[]> {
  const installations = await app.paginate("GET /app/installations", { per_page: 100 });
  return installations.filter((installation) => !installation.suspended_at).map((i) => i.id);
}

/** The repositories an installation covers, archived ones left out. */
export async function listInstallationRepos(
  github: GitHubClient,
): Promise<{ owner: string; repo: string }[]> {
  const repositories = await github.paginate("GET /installation/repositories", { per_page: 100 });
  return repositories
    .filter((repository) => !repository.archived)
    .map((repository) => ({ owner: repository.owner.login, repo: repository.name }));
}
