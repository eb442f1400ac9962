import type { SandboxStore } from "./sandbox-store.ts";
import type {
  CheckRun,
  Comment,
  Commit,
  CommitStatus,
  Issue,
  Repo,
  Review,
} from "./sandbox-types.ts";

/**
 * REST representations, shared by the REST API and webhook payloads (GitHub uses
 * the same shapes in both). Plausible rather than exhaustive: the fields a client
 * reads, named and typed as GitHub's OpenAPI description documents them.
 */
export interface ShapeContext {
  store: SandboxStore;
  /** The simulator's origin, e.g. http://127.0.0.1:4567; html_url lives here. */
  origin: () => string;
  installationId: number;
  appSlug: string;
}

type Json = Record<string, unknown>;

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString("base64url");
}

/** Stable small ids for labels and milestones, which the simulator keys by name. */
function nameId(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return hash;
}

/** Nobody reacts in the simulator; the counts exist because clients read them. */
export function reactions(url: string): Json {
  return {
    url,
    total_count: 0,
    "+1": 0,
    "-1": 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

const api = (ctx: ShapeContext) => `${ctx.origin()}/api/v3`;

export function userShape(ctx: ShapeContext, login: string): Json {
  const user = ctx.store.user(login);
  const url = `${api(ctx)}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: user.id,
    node_id: nodeId(user.type === "Bot" ? "Bot" : "User", user.id),
    avatar_url: `${ctx.origin()}/avatars/${user.id}`,
    gravatar_id: "",
    url,
    html_url: `${ctx.origin()}/${login}`,
    repos_url: `${url}/repos`,
    type: user.type,
    site_admin: false,
  };
}

export function repoShape(ctx: ShapeContext, repo: Repo): Json {
  const fullName = `${repo.owner}/${repo.name}`;
  const url = `${api(ctx)}/repos/${fullName}`;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: userShape(ctx, repo.owner),
    html_url: `${ctx.origin()}/${fullName}`,
    description: null,
    fork: repo.parent !== null,
    url,
    pulls_url: `${url}/pulls{/number}`,
    issues_url: `${url}/issues{/number}`,
    statuses_url: `${url}/statuses/{sha}`,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    pushed_at: repo.createdAt,
    default_branch: repo.defaultBranch,
    visibility: repo.private ? "private" : "public",
    archived: false,
    disabled: false,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
  };
}

export function labelShape(ctx: ShapeContext, repo: string, name: string): Json {
  const id = nameId(`${repo}:${name}`);
  return {
    id,
    node_id: nodeId("Label", id),
    url: `${api(ctx)}/repos/${repo}/labels/${encodeURIComponent(name)}`,
    name,
    color: "ededed",
    default: false,
    description: null,
  };
}

function milestoneShape(ctx: ShapeContext, repo: string, title: string | null): Json | null {
  if (title === null) return null;
  const id = nameId(`${repo}:${title}`);
  return {
    id,
    node_id: nodeId("Milestone", id),
    number: (id % 1000) + 1,
    title,
    state: "open",
    url: `${api(ctx)}/repos/${repo}/milestones/${(id % 1000) + 1}`,
  };
}

function association(ctx: ShapeContext, repo: string, login: string): string {
  const found = ctx.store.repo(repo);
  const role = found ? ctx.store.permission(found, login) : null;
  if (found?.owner === login) return "OWNER";
  return role === "admin" || role === "maintain" || role === "write" ? "MEMBER" : "CONTRIBUTOR";
}

export function issueShape(ctx: ShapeContext, issue: Issue): Json {
  const url = `${api(ctx)}/repos/${issue.repo}/issues/${issue.number}`;
  const comments = ctx.store.comments.filter(
    (comment) => comment.repo === issue.repo && comment.number === issue.number,
  ).length;
  const shape: Json = {
    url,
    repository_url: `${api(ctx)}/repos/${issue.repo}`,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${ctx.origin()}/${issue.repo}/${issue.pull ? "pull" : "issues"}/${issue.number}`,
    id: issue.id,
    node_id: nodeId("Issue", issue.id),
    number: issue.number,
    title: issue.title,
    user: userShape(ctx, issue.author),
    labels: issue.labels.map((name) => labelShape(ctx, issue.repo, name)),
    state: issue.state,
    state_reason: issue.stateReason,
    locked: false,
    assignee: null,
    assignees: [],
    milestone: milestoneShape(ctx, issue.repo, issue.milestone),
    comments,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: association(ctx, issue.repo, issue.author),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactions(`${url}/reactions`),
    draft: issue.pull?.draft ?? false,
  };
  if (issue.pull) {
    shape.pull_request = {
      url: `${api(ctx)}/repos/${issue.repo}/pulls/${issue.number}`,
      html_url: shape.html_url,
      diff_url: `${shape.html_url}.diff`,
      patch_url: `${shape.html_url}.patch`,
      merged_at: issue.pull.mergedAt,
    };
  }
  return shape;
}

function branchShape(ctx: ShapeContext, repoName: string, ref: string, sha: string): Json {
  const repo = ctx.store.requireRepo(repoName);
  return {
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: userShape(ctx, repo.owner),
    repo: repoShape(ctx, repo),
  };
}

export function pullShape(ctx: ShapeContext, issue: Issue): Json {
  const pull = issue.pull;
  if (!pull) throw new Error(`[c4bot sandbox] ${issue.repo}#${issue.number} is not a pull request`);
  const url = `${api(ctx)}/repos/${issue.repo}/pulls/${issue.number}`;
  const html = `${ctx.origin()}/${issue.repo}/pull/${issue.number}`;
  const base = ctx.store.requireRepo(pull.baseRepo);
  const baseSha = base.branches.get(pull.baseRef) ?? pull.baseSha;
  const files = ctx.store.diff(pull.baseSha, pull.headSha);
  const open = issue.state === "open";
  const issueJson = issueShape(ctx, issue);
  return {
    url,
    id: issue.pullId,
    node_id: nodeId("PullRequest", issue.pullId),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api(ctx)}/repos/${issue.repo}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userShape(ctx, issue.author),
    body: issue.body,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: issueJson.labels,
    milestone: issueJson.milestone,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api(ctx)}/repos/${issue.repo}/pulls/comments{/number}`,
    comments_url: `${api(ctx)}/repos/${issue.repo}/issues/${issue.number}/comments`,
    statuses_url: `${api(ctx)}/repos/${issue.repo}/statuses/${pull.headSha}`,
    head: branchShape(ctx, pull.headRepo, pull.headRef, pull.headSha),
    base: branchShape(ctx, pull.baseRepo, pull.baseRef, baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueJson.url },
      comments: { href: issueJson.comments_url },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api(ctx)}/repos/${issue.repo}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api(ctx)}/repos/${issue.repo}/statuses/${pull.headSha}` },
    },
    author_association: issueJson.author_association,
    auto_merge: null,
    active_lock_reason: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: open ? pull.mergeable : null,
    rebaseable: open ? pull.mergeable : null,
    mergeable_state:
      !open || pull.mergeable === null ? "unknown" : pull.mergeable ? "clean" : "dirty",
    merged_by: pull.mergedBy ? userShape(ctx, pull.mergedBy) : null,
    comments: issueJson.comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pull.commits.length,
    additions: files.length,
    deletions: 0,
    changed_files: files.length,
  };
}

/** The short form GitHub puts in `pull_requests` of check runs and suites. */
export function pullReference(ctx: ShapeContext, issue: Issue): Json {
  const pull = issue.pull;
  return {
    url: `${api(ctx)}/repos/${issue.repo}/pulls/${issue.number}`,
    id: issue.pullId,
    number: issue.number,
    head: { ref: pull?.headRef, sha: pull?.headSha, repo: { id: 0, url: "", name: "" } },
    base: { ref: pull?.baseRef, sha: pull?.baseSha, repo: { id: 0, url: "", name: "" } },
  };
}

export function commentShape(ctx: ShapeContext, comment: Comment): Json {
  const url = `${api(ctx)}/repos/${comment.repo}/issues/comments/${comment.id}`;
  const issue = ctx.store.issue(comment.repo, comment.number);
  const kind = issue?.pull ? "pull" : "issues";
  return {
    url,
    html_url: `${ctx.origin()}/${comment.repo}/${kind}/${comment.number}#issuecomment-${comment.id}`,
    issue_url: `${api(ctx)}/repos/${comment.repo}/issues/${comment.number}`,
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    user: userShape(ctx, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: association(ctx, comment.repo, comment.author),
    body: comment.body,
    performed_via_github_app: null,
  };
}

export function appShape(ctx: ShapeContext, slug: string): Json {
  const app = ctx.store.app(slug);
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("App", app.id),
    client_id: `Iv1.${app.id}`,
    owner: userShape(ctx, app.owner),
    name: app.slug,
    description: "",
    external_url: `${ctx.origin()}/apps/${app.slug}`,
    html_url: `${ctx.origin()}/apps/${app.slug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write" },
    events: ["check_run", "issues", "issue_comment", "pull_request", "pull_request_review"],
  };
}

function pullsAt(ctx: ShapeContext, repo: string, sha: string): Issue[] {
  return ctx.store
    .pullsOf(repo)
    .filter((issue) => issue.state === "open" && issue.pull?.headSha === sha);
}

export function checkSuiteShape(ctx: ShapeContext, run: CheckRun): Json {
  const runs = ctx.store.checkRuns.filter((other) => other.suiteId === run.suiteId);
  const done = runs.every((other) => other.status === "completed");
  const conclusions = runs.map((other) => other.conclusion);
  const conclusion = !done
    ? null
    : (["failure", "timed_out", "cancelled", "action_required"].find((c) =>
        conclusions.includes(c as CheckRun["conclusion"]),
      ) ?? "success");
  const url = `${api(ctx)}/repos/${run.repo}/check-suites/${run.suiteId}`;
  const commit = ctx.store.commits.get(run.headSha);
  return {
    id: run.suiteId,
    node_id: nodeId("CheckSuite", run.suiteId),
    // GitHub names the branch the suite ran for; the simulator names one pointing at the commit.
    head_branch:
      [...(ctx.store.repo(run.repo)?.branches.entries() ?? [])].find(
        ([, sha]) => sha === run.headSha,
      )?.[0] ?? null,
    head_sha: run.headSha,
    status: done ? "completed" : "in_progress",
    conclusion,
    url,
    before: commit?.parents[0] ?? null,
    after: run.headSha,
    pull_requests: pullsAt(ctx, run.repo, run.headSha).map((issue) => pullReference(ctx, issue)),
    app: appShape(ctx, run.app),
    created_at: run.startedAt,
    updated_at: run.completedAt ?? run.startedAt,
    latest_check_runs_count: runs.length,
    check_runs_url: `${url}/check-runs`,
    head_commit: commit
      ? {
          id: commit.sha,
          tree_id: commit.sha,
          message: commit.message,
          timestamp: commit.committedDate,
          author: { name: commit.author, email: `${commit.author}@users.noreply.sim` },
          committer: { name: commit.author, email: `${commit.author}@users.noreply.sim` },
        }
      : null,
  };
}

export function checkRunShape(ctx: ShapeContext, run: CheckRun): Json {
  const url = `${api(ctx)}/repos/${run.repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: nodeId("CheckRun", run.id),
    head_sha: run.headSha,
    external_id: run.externalId ?? "",
    url,
    html_url: `${ctx.origin()}/${run.repo}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.suiteId },
    app: appShape(ctx, run.app),
    pull_requests: pullsAt(ctx, run.repo, run.headSha).map((issue) => pullReference(ctx, issue)),
  };
}

export function statusShape(ctx: ShapeContext, status: CommitStatus): Json {
  return {
    url: `${api(ctx)}/repos/${status.repo}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: nodeId("StatusContext", status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: userShape(ctx, status.creator),
  };
}

export function reviewShape(ctx: ShapeContext, review: Review): Json {
  const html = `${ctx.origin()}/${review.repo}/pull/${review.number}`;
  const pullUrl = `${api(ctx)}/repos/${review.repo}/pulls/${review.number}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: userShape(ctx, review.author),
    body: review.body,
    commit_id: review.commitId,
    submitted_at: review.submittedAt,
    state: review.state,
    html_url: `${html}#pullrequestreview-${review.id}`,
    pull_request_url: pullUrl,
    author_association: association(ctx, review.repo, review.author),
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
  };
}

export function installationShape(ctx: ShapeContext, account: string): Json {
  const app = ctx.store.app(ctx.appSlug);
  const owner = ctx.store.user(account);
  return {
    id: ctx.installationId,
    account: userShape(ctx, account),
    repository_selection: "selected",
    access_tokens_url: `${api(ctx)}/app/installations/${ctx.installationId}/access_tokens`,
    repositories_url: `${api(ctx)}/installation/repositories`,
    html_url: `${ctx.origin()}/settings/installations/${ctx.installationId}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: owner.id,
    target_type: owner.type === "Organization" ? "Organization" : "User",
    permissions: appShape(ctx, ctx.appSlug).permissions,
    events: appShape(ctx, ctx.appSlug).events,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_at: null,
    suspended_by: null,
  };
}

/** A commit's author (and committer) as git and the REST API name them. */
export function gitPerson(commit: Commit): { name: string; email: string; date: string } {
  return {
    name: commit.author,
    email: `${commit.author}@users.noreply.sim`,
    date: commit.committedDate,
  };
}
