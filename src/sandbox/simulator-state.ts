import type { SimulatorCore } from "./simulator-core.ts";

/** A JSON view of everything a test may assert on (`GET /_sandbox/state`). */
export function simulatorState(core: SimulatorCore, appUrl: string | null) {
  const { store } = core;
  const issues = [...store.issues.values()];
  return {
    appUrl,
    appId: core.identity.appId,
    installationId: core.ctx.installationId,
    repos: [...store.repos.values()].map((repo) => ({
      fullName: `${repo.owner}/${repo.name}`,
      defaultBranch: repo.defaultBranch,
      private: repo.private,
      fork: repo.parent,
      installed: repo.installed,
      branches: Object.fromEntries(repo.branches),
      collaborators: Object.fromEntries(repo.collaborators),
    })),
    pulls: issues
      .filter((issue) => issue.pull)
      .map((issue) => ({
        repo: issue.repo,
        number: issue.number,
        title: issue.title,
        author: issue.author,
        state: issue.state,
        draft: issue.pull?.draft,
        merged: issue.pull?.merged,
        mergeCommitSha: issue.pull?.mergeCommitSha,
        mergedBy: issue.pull?.mergedBy,
        headSha: issue.pull?.headSha,
        headRepo: issue.pull?.headRepo,
        headRef: issue.pull?.headRef,
        baseRef: issue.pull?.baseRef,
        labels: issue.labels,
        closes: store.closingIssues(issue).map((closing) => `${closing.repo}#${closing.number}`),
      })),
    issues: issues
      .filter((issue) => !issue.pull)
      .map((issue) => ({
        repo: issue.repo,
        number: issue.number,
        title: issue.title,
        author: issue.author,
        state: issue.state,
        labels: issue.labels,
      })),
    rulesets: store.rulesets.map((ruleset) => ({ ...ruleset })),
    mergeGroups: store.mergeGroups.map((group) => ({ ...group })),
    checkRuns: store.checkRuns.map((run) => ({
      ...run,
      output: { ...run.output },
      actions: run.actions.map((button) => ({ ...button })),
    })),
    statuses: store.statuses.map((status) => ({ ...status })),
    reviews: store.reviews.map((review) => ({ ...review })),
    comments: store.comments.map((comment) => ({ ...comment })),
    deliveries: core.hooks.deliveries.map(
      ({ body: _body, signature: _signature, ...rest }) => rest,
    ),
  };
}

export type SimulatorState = ReturnType<typeof simulatorState>;
