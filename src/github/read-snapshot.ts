import type { Check, Permission, PullSnapshot } from "../c4/index.ts";
import { C4_CHECK_NAME, REPO_CONFIG_FILE } from "../c4/index.ts";
import type { ExistingCheckRun } from "./check-run.ts";
import type { GitHubClient } from "./client.ts";
import { snapshotQuery } from "./snapshot-query.ts";

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

/** What one read of a pull request gives: the snapshot and what the app needs around it. */
export interface PullRead {
  /** Null when the repository or pull request does not exist (deleted, transferred). */
  snapshot: PullSnapshot | null;
  state: "OPEN" | "CLOSED" | "MERGED";
  /** `.github/c4.yml` on the default branch, or null. */
  configText: string | null;
  /** `.github/c4.yml` in the organisation's `.github` repository, or null. */
  orgConfigText: string | null;
  /** Whether the pull request itself changes `.github/c4.yml`. */
  changesConfig: boolean;
  /**
   * The commit the patch starts from (its first commit's parent), where the
   * public contract is read "before"; null when unknown.
   */
  forkPoint: string | null;
  /** The id of c4bot's `C4` check run on the head, to update in place. */
  c4CheckRunId: number | null;
  /** That check run as it reads now: nothing is written that would not change it. */
  c4CheckRun: ExistingCheckRun | null;
  /** The blob ids of the two config files (null: none), inputs of every verdict. */
  configOids: { repo: string | null; org: string | null };
  /** Paths the pull request adds (of its first 100 files): whose heads `foreign-code` reads. */
  addedPaths: string[];
  /** Collaborators' permissions, by lower-case login. */
  permissions: Map<string, Permission>;
  isPrivate: boolean;
  /** The pull request's node id (a merge queue takes it), or null. */
  pullNodeId: string | null;
  /** Whether it already waits in its base branch's merge queue. */
  inMergeQueue: boolean;
}

/**
 * Reads a pull request's whole state in ONE GraphQL query. `configFile` is
 * the repository's config on its default branch (the Action's `config`
 * input may name another path; the organisation's stays `.github/c4.yml`).
 */
export async function readSnapshot(
  github: GitHubClient,
  ref: PullRef,
  now: string,
  configFile = REPO_CONFIG_FILE,
): Promise<PullRead> {
  const variables = {
    owner: ref.owner,
    name: ref.repo,
    number: ref.number,
    configPath: `HEAD:${configFile}`,
    orgConfigPath: `HEAD:${REPO_CONFIG_FILE}`,
  };
  let data: SnapshotData;
  try {
    data = await github.graphql<SnapshotData>(snapshotQuery, variables);
  } catch (error) {
    data = usablePartialData(error);
  }
  return toPullRead(data, now);
}

/**
 * GraphQL answers some failures with partial data: a repository or pull
 * request that is gone (NOT_FOUND: nothing to judge), or a part the
 * installation may not read (the collaborator list, the organisation's
 * `.github` repository: judged without them). Anything else is thrown on.
 */
export function usablePartialData<Data = SnapshotData>(error: unknown): Data {
  const { data, errors } = error as {
    data?: Data | null;
    errors?: { type?: string; path?: (string | number)[] }[];
  };
  if (!data || !Array.isArray(errors) || errors.length === 0) throw error;
  const tolerable = errors.every((problem) => {
    const [top, field] = problem.path ?? [];
    if (problem.type === "NOT_FOUND") return true;
    return (top === "repository" && field === "collaborators") || top === "orgConfig";
  });
  if (!tolerable) throw error;
  return data;
}

/** Maps the query's answer to plain data. Pure, so it is tested on recorded answers. */
export function toPullRead(data: SnapshotData, now: string): PullRead {
  const repository = data.repository;
  const pull = repository?.pullRequest;
  const permissions = new Map<string, Permission>();
  for (const edge of repository?.collaborators?.edges ?? []) {
    if (edge?.node?.login) {
      permissions.set(edge.node.login.toLowerCase(), edge.permission.toLowerCase() as Permission);
    }
  }
  const empty: PullRead = {
    snapshot: null,
    state: "CLOSED",
    configText: repository?.config?.text ?? null,
    orgConfigText: data.orgConfig?.repository?.object?.text ?? null,
    changesConfig: false,
    forkPoint: null,
    c4CheckRunId: null,
    c4CheckRun: null,
    configOids: {
      repo: repository?.config?.oid ?? null,
      org: data.orgConfig?.repository?.object?.oid ?? null,
    },
    addedPaths: [],
    permissions,
    isPrivate: repository?.isPrivate ?? false,
    pullNodeId: null,
    inMergeQueue: false,
  };
  if (!repository || !pull) return empty;

  // Outside collaborators of a public repository can read it; of a private one, nothing.
  const fallback: Permission = repository.isPrivate ? "none" : "read";
  const permissionOf = (login: string | undefined) =>
    (login && permissions.get(login.toLowerCase())) || fallback;

  const [owner = "", name = ""] = repository.nameWithOwner.split("/");
  const head = pull.headCommit.nodes[0]?.commit;
  const headChecks: Check[] = [];
  let c4CheckRun: ExistingCheckRun | null = null;
  for (const suite of head?.checkSuites?.nodes ?? []) {
    for (const run of suite?.checkRuns?.nodes ?? []) {
      if (!run) continue;
      if (run.name === C4_CHECK_NAME) c4CheckRun ??= existingCheckRun(run);
      headChecks.push(fromCheckRun(run));
    }
  }
  for (const context of head?.status?.contexts ?? []) headChecks.push(fromStatus(context));

  const defaultTarget = repository.defaultBranchRef?.target;
  const defaultBranchChecks = (defaultTarget?.statusCheckRollup?.contexts?.nodes ?? []).flatMap(
    (node) =>
      !node
        ? []
        : node.__typename === "CheckRun"
          ? [fromCheckRun(node)]
          : node.__typename === "StatusContext"
            ? [fromStatus(node)]
            : [],
  );

  const snapshot: PullSnapshot = {
    repo: { owner, name, defaultBranch: repository.defaultBranchRef?.name ?? "main" },
    number: pull.number,
    title: pull.title,
    body: pull.body ?? "",
    draft: pull.isDraft,
    author: {
      login: pull.author?.login ?? "ghost",
      permission: permissionOf(pull.author?.login),
    },
    base: { ref: pull.baseRefName, repo: pull.baseRepository?.nameWithOwner ?? "" },
    head: {
      ref: pull.headRefName,
      sha: pull.headRefOid,
      repo: pull.headRepository?.nameWithOwner ?? null,
    },
    labels: (pull.labels?.nodes ?? []).flatMap((label) => (label ? [label.name] : [])),
    milestone: pull.milestone?.title ?? null,
    changedFiles: (pull.files?.nodes ?? []).flatMap((file) => (file ? [file.path] : [])),
    commits: (pull.commits.nodes ?? []).flatMap((node) =>
      node
        ? [
            {
              sha: node.commit.oid,
              message: node.commit.message,
              parents: node.commit.parents.totalCount,
              author: node.commit.author?.user?.login ?? null,
              committedAt: node.commit.committedDate,
            },
          ]
        : [],
    ),
    closingIssues: (pull.closingIssuesReferences?.nodes ?? []).flatMap((issue) =>
      issue
        ? [
            {
              number: issue.number,
              repo: issue.repository.nameWithOwner,
              state: issue.state === "OPEN" ? ("open" as const) : ("closed" as const),
              author: issue.author?.login ?? null,
            },
          ]
        : [],
    ),
    checks: headChecks,
    defaultBranchChecks,
    ci: {
      workflows: (repository.workflows?.entries ?? [])
        .filter((entry) => entry.type === "blob" && /\.ya?ml$/i.test(entry.name))
        .map((entry) => entry.name),
      // Filled from the base branch's rules by the caller (a REST read, cached).
      requiredChecks: [],
      // c4bot's own C4 run is on every head it judged: it says nothing of CI.
      recentPullChecks: (repository.recentPulls?.nodes ?? []).some((recent) =>
        (recent?.commits.nodes?.[0]?.commit.statusCheckRollup?.contexts?.nodes ?? []).some(
          (node) => node && (node.name ?? node.context) !== C4_CHECK_NAME,
        ),
      ),
    },
    reviews: (pull.reviews?.nodes ?? []).flatMap((review) =>
      review?.submittedAt
        ? [
            {
              author: review.author?.login ?? "ghost",
              state: review.state,
              permission: permissionOf(review.author?.login),
              submittedAt: review.submittedAt,
            },
          ]
        : [],
    ),
    // GitHub says NOASSERTION for a licence file it cannot name: no licence to compare with.
    licence: spdxIdOf(repository.licenseInfo),
    mergeable:
      pull.mergeable === "MERGEABLE" ? true : pull.mergeable === "CONFLICTING" ? false : null,
    createdAt: pull.createdAt,
    updatedAt: pull.updatedAt,
    now,
  };
  return {
    ...empty,
    snapshot,
    state: pull.state,
    changesConfig: (pull.files?.nodes ?? []).some((file) => file?.path === REPO_CONFIG_FILE),
    addedPaths: (pull.files?.nodes ?? []).flatMap((file) =>
      file?.changeType === "ADDED" ? [file.path] : [],
    ),
    forkPoint: pull.forkPoint?.nodes?.[0]?.commit.parents?.nodes?.[0]?.oid ?? null,
    c4CheckRunId: c4CheckRun?.id ?? null,
    c4CheckRun,
    pullNodeId: pull.id ?? null,
    inMergeQueue: pull.isInMergeQueue ?? false,
  };
}

function spdxIdOf(licence: { spdxId: string | null } | null | undefined): string | null {
  const id = licence?.spdxId;
  return id && id !== "NOASSERTION" ? id : null;
}

function existingCheckRun(run: CheckRunNode): ExistingCheckRun {
  return {
    id: run.databaseId,
    status: run.status.toLowerCase(),
    conclusion: run.conclusion?.toLowerCase() ?? null,
    title: run.title ?? null,
    summary: run.summary ?? null,
    text: run.text ?? null,
    externalId: run.externalId ?? null,
  };
}

function fromCheckRun(run: {
  name: string;
  status: string;
  conclusion: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
}): Check {
  return {
    name: run.name,
    kind: "check_run",
    status: run.status.toLowerCase() as Check["status"],
    conclusion: (run.conclusion?.toLowerCase() ?? null) as Check["conclusion"],
    ...(run.completedAt || run.startedAt
      ? { at: (run.completedAt ?? run.startedAt) as string }
      : {}),
  };
}

function fromStatus(context: { context: string; state: string; createdAt?: string | null }): Check {
  const state = context.state.toLowerCase();
  const done = state === "success" || state === "failure" || state === "error";
  return {
    name: context.context,
    kind: "status",
    status: done ? "completed" : "pending",
    conclusion: done ? (state as Check["conclusion"]) : null,
    ...(context.createdAt ? { at: context.createdAt } : {}),
  };
}

type Nodes<T> = { nodes?: (T | null)[] | null } | null;

interface CheckRunNode {
  databaseId: number;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
  title?: string | null;
  summary?: string | null;
  text?: string | null;
  externalId?: string | null;
}

interface StatusContextNode {
  context: string;
  state: string;
  createdAt?: string | null;
}

type RollupNode =
  | ({ __typename: "CheckRun" } & CheckRunNode)
  | ({ __typename: "StatusContext" } & StatusContextNode);

/** The shape of `snapshotQuery`'s answer (only what is read). */
export interface SnapshotData {
  repository: {
    nameWithOwner: string;
    isPrivate: boolean;
    licenseInfo?: { spdxId: string | null } | null;
    defaultBranchRef: {
      name: string;
      target: {
        oid?: string;
        statusCheckRollup?: { contexts: Nodes<RollupNode> } | null;
      } | null;
    } | null;
    config: { oid?: string; text?: string | null } | null;
    workflows?: { entries?: { name: string; type: string }[] } | null;
    recentPulls?: Nodes<{
      commits: {
        nodes:
          | ({
              commit: {
                statusCheckRollup: {
                  contexts: Nodes<{ __typename: string; name?: string; context?: string }>;
                } | null;
              };
            } | null)[]
          | null;
      };
    }>;
    collaborators: {
      edges: ({ permission: string; node: { login: string } | null } | null)[] | null;
    } | null;
    pullRequest: {
      id?: string;
      isInMergeQueue?: boolean;
      number: number;
      title: string;
      body: string | null;
      isDraft: boolean;
      state: "OPEN" | "CLOSED" | "MERGED";
      merged: boolean;
      mergeable: "MERGEABLE" | "CONFLICTING" | "UNKNOWN";
      createdAt: string;
      updatedAt: string;
      author: { login: string } | null;
      baseRefName: string;
      headRefName: string;
      headRefOid: string;
      baseRepository: { nameWithOwner: string } | null;
      headRepository: { nameWithOwner: string } | null;
      labels: Nodes<{ name: string }>;
      milestone: { title: string } | null;
      files: Nodes<{ path: string; changeType?: string }>;
      forkPoint?: Nodes<{ commit: { parents: Nodes<{ oid: string }> } }>;
      commits: {
        totalCount: number;
        nodes:
          | ({
              commit: {
                oid: string;
                message: string;
                committedDate: string;
                parents: { totalCount: number };
                author: { user: { login: string } | null } | null;
              };
            } | null)[]
          | null;
      };
      headCommit: {
        nodes: {
          commit: {
            oid: string;
            checkSuites: Nodes<{ app: { slug: string } | null; checkRuns: Nodes<CheckRunNode> }>;
            status: { contexts: StatusContextNode[] } | null;
          };
        }[];
      };
      closingIssuesReferences: Nodes<{
        number: number;
        state: "OPEN" | "CLOSED";
        repository: { nameWithOwner: string };
        author: { login: string } | null;
      }>;
      reviews: Nodes<{
        author: { login: string } | null;
        state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
        submittedAt: string | null;
      }>;
    } | null;
  } | null;
  orgConfig: {
    repository: { object: { oid?: string; text?: string | null } | null } | null;
  } | null;
}
