import { type ConnectionArgs, connection } from "./graphql-connection.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";
import type { CheckRun, CommitStatus, Issue, Repo } from "./sandbox-types.ts";

/** A field GitHub answers with `type: NOT_FOUND` in `errors` and null in `data`. */
export class NotFoundError extends Error {}

/** The call's price and the installation's `graphql` budget after charging it. */
export interface RateLimitState {
  cost: number;
  limit: number;
  remaining: number;
  used: number;
  resetAt: string;
  nodeCount: number;
}

type Node = Record<string, unknown>;
const upper = (value: string | null) => (value === null ? null : value.toUpperCase());

/**
 * Resolvers for the part of GitHub's schema the bot reads, as plain objects:
 * a field is a value or a function of its arguments. The executor's default
 * field resolver walks them and `__typename` picks the type of interfaces and
 * unions, so the rest of the big schema needs no code.
 */
export function createGraphqlRoot(ctx: ShapeContext, rate: RateLimitState): Node {
  const { store } = ctx;
  const origin = ctx.origin();

  const actor = (login: string | null): Node | null => {
    if (login === null) return null;
    const user = store.user(login);
    const typename =
      user.type === "Bot" ? "Bot" : user.type === "Organization" ? "Organization" : "User";
    const shownLogin = user.type === "Bot" ? login.replace(/\[bot\]$/, "") : login;
    return {
      __typename: typename,
      id: nodeId(typename, user.id),
      databaseId: user.id,
      login: shownLogin,
      name: shownLogin,
      url: `${origin}/${login}`,
      avatarUrl: `${origin}/avatars/${user.id}`,
      resourcePath: `/${login}`,
      repository: ({ name }: { name: string }) => {
        const repo = store.repo(`${login}/${name}`);
        return repo ? repository(repo) : null;
      },
    };
  };

  const app = (slug: string): Node => {
    const found = store.app(slug);
    return {
      __typename: "App",
      id: nodeId("App", found.id),
      databaseId: found.id,
      slug,
      name: slug,
    };
  };

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
    creator: actor(status.creator),
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

  const commit = (repoName: string, sha: string): Node | null => {
    const found = store.commits.get(sha);
    if (!found) return null;
    const person = {
      name: found.author,
      email: `${found.author}@users.noreply.sim`,
      date: found.committedDate,
      user: actor(found.author),
    };
    const runs = latestRuns(repoName, sha);
    const statuses = latestStatuses(repoName, sha);
    return {
      __typename: "Commit",
      id: nodeId("Commit", Number.parseInt(sha.slice(0, 8), 16)),
      oid: sha,
      abbreviatedOid: sha.slice(0, 7),
      message: found.message,
      messageHeadline: found.message.split("\n")[0],
      messageBody: found.message.split("\n").slice(1).join("\n").trim(),
      committedDate: found.committedDate,
      authoredDate: found.committedDate,
      pushedDate: found.committedDate,
      url: `${origin}/${repoName}/commit/${sha}`,
      author: person,
      committer: person,
      parents: (args: ConnectionArgs) =>
        connection(
          found.parents.map((parent) => commit(repoName, parent)),
          args,
        ),
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
        const nodes = [...suites.entries()].map(([id, suiteRuns]) => {
          const done = suiteRuns.every((run) => run.status === "completed");
          return {
            __typename: "CheckSuite",
            id: nodeId("CheckSuite", id),
            databaseId: id,
            app: app(suiteRuns[0]?.app ?? "ci"),
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
        return connection(nodes, args);
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

  const label = (repo: string, name: string): Node => ({
    __typename: "Label",
    id: nodeId("Label", name.length),
    name,
    color: "ededed",
    description: null,
    isDefault: false,
    url: `${origin}/${repo}/labels/${encodeURIComponent(name)}`,
  });

  const issueFields = (issue: Issue): Node => ({
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    author: actor(issue.author),
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
    closed: issue.state === "closed",
    url: `${origin}/${issue.repo}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    repository: () => repository(store.requireRepo(issue.repo)),
    labels: (args: ConnectionArgs) =>
      connection(
        issue.labels.map((name) => label(issue.repo, name)),
        args,
      ),
    milestone:
      issue.milestone === null ? null : { __typename: "Milestone", title: issue.milestone },
  });

  const plainIssue = (issue: Issue): Node => ({
    __typename: "Issue",
    id: nodeId("Issue", issue.id),
    ...issueFields(issue),
    state: upper(issue.state),
    stateReason: upper(issue.stateReason),
  });

  const pullRequest = (issue: Issue): Node => {
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const open = issue.state === "open";
    const commitNodes = () =>
      pull.commits.map((sha) => ({
        __typename: "PullRequestCommit",
        id: nodeId("PullRequestCommit", Number.parseInt(sha.slice(0, 8), 16)),
        commit: commit(issue.repo, sha),
        url: `${origin}/${issue.repo}/pull/${issue.number}/commits/${sha}`,
      }));
    const base = store.requireRepo(pull.baseRepo);
    const head = store.repo(pull.headRepo);
    return {
      __typename: "PullRequest",
      id: nodeId("PullRequest", issue.pullId),
      ...issueFields(issue),
      databaseId: issue.pullId,
      state: pull.merged ? "MERGED" : upper(issue.state),
      isDraft: pull.draft,
      merged: pull.merged,
      mergedAt: pull.mergedAt,
      mergedBy: actor(pull.mergedBy),
      mergeCommit: pull.mergeCommitSha ? commit(issue.repo, pull.mergeCommitSha) : null,
      mergeable:
        !open || pull.mergeable === null ? "UNKNOWN" : pull.mergeable ? "MERGEABLE" : "CONFLICTING",
      baseRefName: pull.baseRef,
      baseRefOid: base.branches.get(pull.baseRef) ?? pull.baseSha,
      headRefName: pull.headRef,
      headRefOid: pull.headSha,
      isCrossRepository: pull.baseRepo !== pull.headRepo,
      baseRepository: repository(base),
      headRepository: head ? repository(head) : null,
      headRepositoryOwner: head ? actor(head.owner) : null,
      permalink: `${origin}/${issue.repo}/pull/${issue.number}`,
      changedFiles: store.diff(pull.baseSha, pull.headSha).length,
      files: (args: ConnectionArgs) =>
        connection(
          store.diff(pull.baseSha, pull.headSha).map((path) => ({
            __typename: "PullRequestChangedFile",
            path,
            additions: 1,
            deletions: 0,
            changeType: "MODIFIED",
          })),
          args,
        ),
      commits: (args: ConnectionArgs) => connection(commitNodes(), args),
      closingIssuesReferences: (args: ConnectionArgs) =>
        connection(store.closingIssues(issue).map(plainIssue), args),
      reviews: (args: ConnectionArgs & { states?: string[] | null }) =>
        connection(
          store.reviews
            .filter((review) => review.repo === issue.repo && review.number === issue.number)
            .filter((review) => !args.states || args.states.includes(review.state))
            .map((review) => ({
              __typename: "PullRequestReview",
              id: nodeId("PullRequestReview", review.id),
              databaseId: review.id,
              author: actor(review.author),
              state: review.state,
              body: review.body,
              submittedAt: review.submittedAt,
              createdAt: review.submittedAt,
              commit: commit(issue.repo, review.commitId),
            })),
          args,
        ),
    };
  };

  const ref = (repo: Repo, name: string): Node | null => {
    const sha = repo.branches.get(name);
    if (!sha) return null;
    return {
      __typename: "Ref",
      id: nodeId("Ref", name.length),
      name,
      prefix: "refs/heads/",
      target: commit(`${repo.owner}/${repo.name}`, sha),
    };
  };

  /** `BRANCH:path`, `SHA:path` or a bare rev, as git rev-parse reads them. */
  const gitObject = (repo: Repo, expression: string): Node | null => {
    const colon = expression.indexOf(":");
    const rev = colon === -1 ? expression : expression.slice(0, colon);
    const sha = store.resolveRef(repo, rev === "HEAD" ? undefined : rev);
    if (!sha) return null;
    if (colon === -1) return commit(`${repo.owner}/${repo.name}`, sha);
    const text = store.commits.get(sha)?.tree[expression.slice(colon + 1)];
    if (text === undefined) return null;
    return {
      __typename: "Blob",
      id: nodeId("Blob", text.length),
      oid: sha,
      text,
      byteSize: Buffer.byteLength(text),
      isBinary: false,
      isTruncated: false,
    };
  };

  const repository = (repo: Repo): Node => {
    const fullName = `${repo.owner}/${repo.name}`;
    const collaborators = (): Array<{ login: string; role: string }> => {
      const list = [...repo.collaborators.entries()].map(([login, role]) => ({ login, role }));
      const ownerRole = store.permission(repo, repo.owner);
      if (ownerRole && !repo.collaborators.has(repo.owner)) {
        list.unshift({ login: repo.owner, role: ownerRole });
      }
      return list;
    };
    return {
      __typename: "Repository",
      id: nodeId("Repository", repo.id),
      databaseId: repo.id,
      name: repo.name,
      nameWithOwner: fullName,
      isPrivate: repo.private,
      isFork: repo.parent !== null,
      isArchived: false,
      visibility: repo.private ? "PRIVATE" : "PUBLIC",
      url: `${origin}/${fullName}`,
      createdAt: repo.createdAt,
      owner: actor(repo.owner),
      parent: () => (repo.parent ? repository(store.requireRepo(repo.parent)) : null),
      defaultBranchRef: () => ref(repo, repo.defaultBranch),
      ref: ({ qualifiedName }: { qualifiedName: string }) =>
        ref(repo, qualifiedName.replace(/^refs\/heads\//, "")),
      object: ({ expression, oid }: { expression?: string; oid?: string }) =>
        gitObject(repo, expression ?? oid ?? ""),
      collaborators: (args: ConnectionArgs) =>
        connection(
          collaborators().map((entry) => ({ ...actor(entry.login), role: entry.role })),
          args,
          (node) => ({ permission: upper(String(node.role)) }),
        ),
      pullRequest: ({ number }: { number: number }) => {
        const issue = store.issue(fullName, number);
        if (!issue?.pull) {
          throw new NotFoundError(
            `Could not resolve to a PullRequest with the number of ${number}.`,
          );
        }
        return pullRequest(issue);
      },
      issue: ({ number }: { number: number }) => {
        const issue = store.issue(fullName, number);
        if (!issue || issue.pull) {
          throw new NotFoundError(`Could not resolve to an Issue with the number of ${number}.`);
        }
        return plainIssue(issue);
      },
      issueOrPullRequest: ({ number }: { number: number }) => {
        const issue = store.issue(fullName, number);
        if (!issue) {
          throw new NotFoundError(
            `Could not resolve to an issue or pull request with the number of ${number}.`,
          );
        }
        return issue.pull ? pullRequest(issue) : plainIssue(issue);
      },
      pullRequests: (
        args: ConnectionArgs & {
          states?: string[] | null;
          baseRefName?: string | null;
          headRefName?: string | null;
        },
      ) =>
        connection(
          store
            .pullsOf(fullName)
            .map(pullRequest)
            .filter((node) => !args.states || args.states.includes(String(node.state)))
            .filter((node) => !args.baseRefName || node.baseRefName === args.baseRefName)
            .filter((node) => !args.headRefName || node.headRefName === args.headRefName),
          args,
        ),
    };
  };

  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = store.repo(`${owner}/${name}`);
      if (!repo) {
        throw new NotFoundError(
          `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        );
      }
      return repository(repo);
    },
    repositoryOwner: ({ login }: { login: string }) =>
      store.users.has(login) && store.users.get(login)?.type !== "Bot" ? actor(login) : null,
    user: ({ login }: { login: string }) =>
      store.users.get(login)?.type === "User" ? actor(login) : null,
    organization: ({ login }: { login: string }) =>
      store.users.get(login)?.type === "Organization" ? actor(login) : null,
    rateLimit: () => ({ __typename: "RateLimit", ...rate }),
  };
}
