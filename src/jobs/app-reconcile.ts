import { sweepJob } from "./app-jobs.ts";
import type { JobDeps } from "./job-kind.ts";

/** `app.reconcile`: queues a background sweep of every repository of every installation. */
export async function reconcile(deps: JobDeps): Promise<void> {
  const installations = await deps.github.paginate("GET /app/installations", { per_page: 100 });
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    const github = await deps.auth(installation.id);
    const repositories = await github.paginate("GET /installation/repositories", {
      per_page: 100,
    });
    for (const repository of repositories) {
      if (repository.archived) continue;
      await deps.context.enqueue(
        sweepJob({
          installationId: installation.id,
          owner: repository.owner.login,
          repo: repository.name,
        }),
        { priority: "background" },
      );
    }
  }
}
