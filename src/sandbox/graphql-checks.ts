import { type ConnectionArgs, connection } from "./graphql-connection.ts";
import { type GraphqlNodes, type Node, upper } from "./graphql-nodes.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";
import type { CheckRun, CommitStatus } from "./sandbox-types.ts";

/**
 * A commit's checks and statuses: its fields statusCheckRollup,
 * checkSuites and status, with the check runs (CheckRun) and status
 * contexts (StatusContext) in them.
 */
export function commitCheckFields(
  ctx: ShapeContext,
  nodes: GraphqlNodes,
): (repoName: string, sha: string) => Node {
  const { store } = ctx;
  const origin = ctx.origin();

  const checkRun = (run: CheckRun): Node => ({
    __typename: "CheckRun",
    id: nodeId("CheckRun", run.id),
    databaseId: run.id,
    name: run.name,
    status: upper(run.status),
    conclusion: upper(run.conclusion),
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    detailsUrl: run.detailsUrl,
    externalId: run.externalId,
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    url: `${origin}/${run.repo}/runs/${run.id}`,
    permalink: `${origin}/${run.repo}/runs/${run.id}`,
    isRequired: () => false,
  });

  const statusContext = (status: CommitStatus): Node => ({
    __typename: "StatusContext",
    id: nodeId("StatusContext", status.id),
    context: status.context,
    state: upper(status.state),
    description: status.description,
    targetUrl: status.targetUrl,
    createdAt: status.createdAt,
    creator: nodes.actor(status.creator),
    isRequired: () => false,
  });

  /** The latest status per context, newest first, as GitHub reports them. */
  const latestStatuses = (repo: string, sha: string): CommitStatus[] => {
    const latest = new Map<string, CommitStatus>();
    for (const status of store.statuses) {
      if (status.repo === repo && status.sha === sha) latest.set(status.context, status);
    }
    return [...latest.values()].reverse();
  };

  const latestRuns = (repo: string, sha: string): CheckRun[] => {
    const latest = new Map<string, CheckRun>();
    for (const run of store.checkRuns) {
      if (run.repo === repo && run.headSha === sha) latest.set(`${run.app}/${run.name}`, run);
    }
    return [...latest.values()];
  };

  const rollupState = (runs: CheckRun[], statuses: CommitStatus[]): string => {
    const states = [
      ...runs.map((run) =>
        run.status !== "completed"
          ? "PENDING"
          : ["success", "neutral", "skipped"].includes(run.conclusion ?? "")
            ? "SUCCESS"
            : "FAILURE",
      ),
      ...statuses.map((status) => upper(status.state) ?? "PENDING"),
    ];
    for (const state of ["ERROR", "FAILURE", "PENDING"]) if (states.includes(state)) return state;
    return "SUCCESS";
  };

  return (repoName: string, sha: string): Node => {
    const runs = latestRuns(repoName, sha);
    const statuses = latestStatuses(repoName, sha);
    return {
      statusCheckRollup: () =>
        runs.length + statuses.length === 0
          ? null
          : {
              __typename: "StatusCheckRollup",
              id: nodeId("StatusCheckRollup", Number.parseInt(sha.slice(0, 8), 16)),
              state: rollupState(runs, statuses),
              contexts: (args: ConnectionArgs) =>
                connection([...runs.map(checkRun), ...statuses.map(statusContext)], args),
            },
      // `filterBy: {appId, checkName}` as GitHub applies it: suites of one app,
      // runs of one name (CheckSuiteFilter, CheckRunFilter).
      checkSuites: (
        args: ConnectionArgs & { filterBy?: { appId?: number; checkName?: string } },
      ) => {
        const suites = new Map<number, CheckRun[]>();
        const { appId, checkName } = args.filterBy ?? {};
        for (const run of store.checkRuns) {
          if (run.repo !== repoName || run.headSha !== sha) continue;
          if (appId !== undefined && appId !== null && store.app(run.app).id !== appId) continue;
          suites.set(run.suiteId, [...(suites.get(run.suiteId) ?? []), run]);
        }
        // A suite matches a check name when one of its runs has it; it keeps all its runs.
        if (checkName) {
          for (const [id, suiteRuns] of suites) {
            if (!suiteRuns.some((run) => run.name === checkName)) suites.delete(id);
          }
        }
        const suiteNodes = [...suites.entries()].map(([id, suiteRuns]) => {
          const done = suiteRuns.every((run) => run.status === "completed");
          return {
            __typename: "CheckSuite",
            id: nodeId("CheckSuite", id),
            databaseId: id,
            app: nodes.app(suiteRuns[0]?.app ?? "ci"),
            status: done ? "COMPLETED" : "IN_PROGRESS",
            conclusion: done ? rollupState(suiteRuns, []) : null,
            checkRuns: (runArgs: ConnectionArgs & { filterBy?: { checkName?: string } }) =>
              connection(
                suiteRuns
                  .filter(
                    (run) =>
                      !runArgs.filterBy?.checkName || run.name === runArgs.filterBy.checkName,
                  )
                  .map(checkRun),
                runArgs,
              ),
          };
        });
        return connection(suiteNodes, args);
      },
      status: () =>
        statuses.length === 0
          ? null
          : {
              __typename: "Status",
              id: nodeId("Status", Number.parseInt(sha.slice(0, 8), 16)),
              state: rollupState([], statuses),
              contexts: statuses.map(statusContext),
              context: ({ name }: { name: string }) => {
                const match = statuses.find((status) => status.context === name);
                return match ? statusContext(match) : null;
              },
            },
    };
  };
}
