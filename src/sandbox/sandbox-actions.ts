import {
  checkRunShape,
  checkSuiteShape,
  commentShape,
  installationShape,
  issueShape,
  pullShape,
  repoShape,
  reviewShape,
  type ShapeContext,
  userShape,
} from "./rest-shapes.ts";
import type { SandboxStore } from "./sandbox-store.ts";
import type {
  CheckConclusion,
  CheckOutput,
  CheckRun,
  CheckStatus,
  Comment,
  Commit,
  CommitStatus,
  Issue,
  Permission,
  Repo,
  Review,
  ReviewState,
  StatusState,
} from "./sandbox-types.ts";

/** One commit of a scripted patch. */
export interface CommitSpec {
  message: string;
  /** path -> text (null deletes); defaults to one file named after the branch. */
  files?: Record<string, string | null>;
  author?: string;
  /** Makes this a merge commit (second parent: the base branch's head). */
  merge?: boolean;
}

export interface RepoSpec {
  owner: string;
  name: string;
  defaultBranch?: string;
  /** YAML text committed as `.github/c4.yml` on the default branch. */
  config?: string;
  /** Logins given the write role. */
  maintainers?: string[];
  collaborators?: Record<string, Permission>;
  private?: boolean;
  files?: Record<string, string>;
}

export interface PullSpec {
  repo: string;
  author: string;
  fromFork?: boolean;
  base?: string;
  head?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  closes?: number[];
  commits: CommitSpec[];
}

export interface CheckSpec {
  repo: string;
  sha: string;
  name: string;
  status?: CheckStatus;
  conclusion?: CheckConclusion | null;
  app?: string;
  output?: Partial<CheckOutput>;
  externalId?: string | null;
  detailsUrl?: string | null;
  startedAt?: string;
  completedAt?: string;
}

export type MergeMethod = "merge" | "squash" | "rebase";

export type MergeResult =
  | { ok: true; sha: string }
  | { ok: false; status: 404 | 405 | 409; message: string };

type Json = Record<string, unknown>;
type Send = (event: string, payload: Json) => void;

/**
 * Everything that changes the simulator's state, whether a test scripts it or the
 * bot calls the REST API, and the webhooks GitHub would send for it.
 */
export class SandboxActions {
  readonly #store: SandboxStore;
  readonly #ctx: ShapeContext;
  readonly #send: Send;
  readonly #appLogin: string;
  #installationAccount: string | null = null;

  constructor(ctx: ShapeContext, send: Send, appLogin: string) {
    this.#store = ctx.store;
    this.#ctx = ctx;
    this.#send = send;
    this.#appLogin = appLogin;
  }

  get installationAccount(): string | null {
    return this.#installationAccount;
  }

  createRepo(spec: RepoSpec): Repo {
    const store = this.#store;
    if (!store.users.has(spec.owner)) store.user(spec.owner, "Organization");
    const repo = store.addRepo({
      owner: spec.owner,
      name: spec.name,
      defaultBranch: spec.defaultBranch ?? "main",
      private: spec.private ?? false,
      parent: null,
    });
    for (const login of spec.maintainers ?? []) repo.collaborators.set(login, "write");
    for (const [login, role] of Object.entries(spec.collaborators ?? {})) {
      repo.collaborators.set(login, role);
    }
    for (const login of repo.collaborators.keys()) store.user(login);
    const files: Record<string, string> = { "README.md": `# ${spec.name}\n`, ...spec.files };
    if (spec.config !== undefined) files[".github/c4.yml"] = spec.config;
    const first = store.commit({
      parent: null,
      files,
      message: "Initial commit",
      author: [...repo.collaborators.keys()][0] ?? spec.owner,
    });
    repo.branches.set(repo.defaultBranch, first.sha);
    this.#install(repo);
    return repo;
  }

  /** Commits files to a branch of a repository directly, as a maintainer's push would. */
  pushToBranch(repoName: string, branch: string, commits: CommitSpec[], pusher: string): string {
    const repo = this.#store.requireRepo(repoName);
    const before = repo.branches.get(branch) ?? null;
    const made = this.#commitAll(before, commits, pusher, branch, before);
    const after = made.at(-1)?.sha ?? before;
    if (after === null) throw new Error("[c4bot sandbox] a push needs at least one commit");
    repo.branches.set(branch, after);
    this.#push(repo, branch, before, made, pusher);
    return after;
  }

  openPull(spec: PullSpec): { number: number; headSha: string } {
    const store = this.#store;
    const base = store.requireRepo(spec.repo);
    const baseRef = spec.base ?? base.defaultBranch;
    const baseSha = base.branches.get(baseRef);
    if (!baseSha) throw new Error(`[c4bot sandbox] ${spec.repo} has no branch ${baseRef}`);
    if (spec.commits.length === 0) throw new Error("[c4bot sandbox] a pull request needs commits");
    const number = base.nextNumber;
    const headRepo = (spec.fromFork ?? true) ? this.#fork(base, spec.author) : base;
    const headRef = spec.head ?? `patch-${number}`;
    const made = this.#commitAll(baseSha, spec.commits, spec.author, headRef, baseSha);
    const headSha = made.at(-1)?.sha ?? baseSha;
    headRepo.branches.set(headRef, headSha);
    const first = made[0];
    const issue = this.#newIssue(base, {
      author: spec.author,
      title: spec.title ?? first?.message.split("\n")[0] ?? `Patch ${number}`,
      body: spec.body ?? "",
    });
    issue.pullId = store.nextId();
    issue.pull = {
      baseRepo: spec.repo,
      baseRef,
      headRepo: `${headRepo.owner}/${headRepo.name}`,
      headRef,
      headSha,
      baseSha,
      commits: made.map((commit) => commit.sha),
      draft: spec.draft ?? false,
      mergeable: true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      closes: spec.closes ?? [],
    };
    this.#send("pull_request", {
      action: "opened",
      number,
      pull_request: pullShape(this.#ctx, issue),
      ...this.#envelope(base, spec.author),
    });
    return { number, headSha };
  }

  /** Adds commits to a pull request's head branch: `pull_request` synchronize. */
  pushToPull(repoName: string, number: number, commits: CommitSpec[], pusher?: string): string {
    const issue = this.requirePull(repoName, number);
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const before = pull.headSha;
    const base = this.#store.requireRepo(pull.baseRepo);
    const made = this.#commitAll(
      before,
      commits,
      pusher ?? issue.author,
      pull.headRef,
      base.branches.get(pull.baseRef) ?? pull.baseSha,
    );
    const after = made.at(-1)?.sha ?? before;
    pull.headSha = after;
    pull.commits.push(...made.map((commit) => commit.sha));
    this.#store.requireRepo(pull.headRepo).branches.set(pull.headRef, after);
    this.#touch(issue);
    this.#send("pull_request", {
      action: "synchronize",
      number,
      before,
      after,
      pull_request: pullShape(this.#ctx, issue),
      ...this.#envelope(base, pusher ?? issue.author),
    });
    return after;
  }

  /** Edits a pull request the way its author or GitHub would; no webhook unless noted. */
  editPull(
    repoName: string,
    number: number,
    patch: { mergeable?: boolean | null; draft?: boolean; milestone?: string | null },
  ): Issue {
    const issue = this.requirePull(repoName, number);
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    if (patch.mergeable !== undefined) pull.mergeable = patch.mergeable;
    if (patch.milestone !== undefined) issue.milestone = patch.milestone;
    if (patch.draft !== undefined && patch.draft !== pull.draft) {
      pull.draft = patch.draft;
      this.#touch(issue);
      this.#send("pull_request", {
        action: patch.draft ? "converted_to_draft" : "ready_for_review",
        number,
        pull_request: pullShape(this.#ctx, issue),
        ...this.#envelope(this.#store.requireRepo(repoName), issue.author),
      });
    }
    return issue;
  }

  openIssue(spec: {
    repo: string;
    author: string;
    title: string;
    body?: string;
    labels?: string[];
  }): Issue {
    const repo = this.#store.requireRepo(spec.repo);
    const issue = this.#newIssue(repo, {
      author: spec.author,
      title: spec.title,
      body: spec.body ?? "",
    });
    issue.labels = [...(spec.labels ?? [])];
    this.#send("issues", {
      action: "opened",
      issue: issueShape(this.#ctx, issue),
      ...this.#envelope(repo, spec.author),
    });
    return issue;
  }

  updateIssue(
    issue: Issue,
    patch: {
      title?: string;
      body?: string;
      state?: "open" | "closed";
      stateReason?: Issue["stateReason"];
      labels?: string[];
    },
    sender: string,
  ): Issue {
    const repo = this.#store.requireRepo(issue.repo);
    const kind = issue.pull ? "pull_request" : "issues";
    const object = () =>
      issue.pull
        ? { number: issue.number, pull_request: pullShape(this.#ctx, issue) }
        : { issue: issueShape(this.#ctx, issue) };
    if (patch.title !== undefined || patch.body !== undefined) {
      issue.title = patch.title ?? issue.title;
      issue.body = patch.body ?? issue.body;
      this.#touch(issue);
      this.#send(kind, {
        action: "edited",
        changes: {},
        ...object(),
        ...this.#envelope(repo, sender),
      });
    }
    if (patch.labels !== undefined) this.setLabels(issue, patch.labels, sender);
    if (patch.state !== undefined && patch.state !== issue.state) {
      issue.state = patch.state;
      issue.closedAt = patch.state === "closed" ? this.#store.now() : null;
      issue.stateReason =
        patch.state === "closed" ? (patch.stateReason ?? "completed") : "reopened";
      this.#touch(issue);
      const action = patch.state === "closed" ? "closed" : "reopened";
      this.#send(kind, { action, ...object(), ...this.#envelope(repo, sender) });
    }
    return issue;
  }

  /** Replaces an issue's labels, sending `labeled`/`unlabeled` for each change. */
  setLabels(issue: Issue, labels: string[], sender: string): Issue {
    const next = [...new Set(labels)];
    const added = next.filter((name) => !issue.labels.includes(name));
    const removed = issue.labels.filter((name) => !next.includes(name));
    issue.labels = next;
    if (added.length + removed.length > 0) this.#touch(issue);
    const repo = this.#store.requireRepo(issue.repo);
    const kind = issue.pull ? "pull_request" : "issues";
    for (const [action, names] of [
      ["labeled", added],
      ["unlabeled", removed],
    ] as const) {
      for (const name of names) {
        this.#send(kind, {
          action,
          ...(issue.pull
            ? { number: issue.number, pull_request: pullShape(this.#ctx, issue) }
            : { issue: issueShape(this.#ctx, issue) }),
          label: { name },
          ...this.#envelope(repo, sender),
        });
      }
    }
    return issue;
  }

  addComment(spec: { repo: string; number: number; author: string; body: string }): Comment {
    const issue = this.#store.issue(spec.repo, spec.number);
    if (!issue) throw new Error(`[c4bot sandbox] no issue ${spec.repo}#${spec.number}`);
    const now = this.#store.now();
    const comment: Comment = { id: this.#store.nextId(), ...spec, createdAt: now, updatedAt: now };
    this.#store.comments.push(comment);
    this.#store.user(spec.author);
    this.#sendComment("created", issue, comment, spec.author);
    return comment;
  }

  editComment(comment: Comment, body: string, sender: string): Comment {
    comment.body = body;
    comment.updatedAt = this.#store.now();
    const issue = this.#store.issue(comment.repo, comment.number);
    if (issue) this.#sendComment("edited", issue, comment, sender);
    return comment;
  }

  submitReview(spec: {
    repo: string;
    number: number;
    author: string;
    state: ReviewState;
    body?: string;
  }): Review {
    const issue = this.requirePull(spec.repo, spec.number);
    const review: Review = {
      id: this.#store.nextId(),
      repo: spec.repo,
      number: spec.number,
      author: spec.author,
      state: spec.state,
      body: spec.body ?? "",
      commitId: issue.pull?.headSha ?? "",
      submittedAt: this.#store.now(),
    };
    this.#store.reviews.push(review);
    this.#store.user(spec.author);
    const shape = reviewShape(this.#ctx, review);
    this.#send("pull_request_review", {
      action: "submitted",
      // Webhooks spell review states in lower case, the REST API in upper case.
      review: { ...shape, state: spec.state.toLowerCase() },
      pull_request: pullShape(this.#ctx, issue),
      ...this.#envelope(this.#store.requireRepo(spec.repo), spec.author),
    });
    return review;
  }

  setStatus(spec: {
    repo: string;
    sha: string;
    context: string;
    state: StatusState;
    description?: string | null;
    targetUrl?: string | null;
    creator?: string;
  }): CommitStatus {
    const repo = this.#store.requireRepo(spec.repo);
    const commit = this.#requireCommit(spec.sha);
    const status: CommitStatus = {
      id: this.#store.nextId(),
      repo: spec.repo,
      sha: commit.sha,
      context: spec.context,
      state: spec.state,
      description: spec.description ?? null,
      targetUrl: spec.targetUrl ?? null,
      creator: spec.creator ?? "ci[bot]",
      createdAt: this.#store.now(),
    };
    this.#store.statuses.push(status);
    const branches = [...repo.branches.entries()]
      .filter(([, sha]) => sha === commit.sha)
      .map(([name]) => ({ name, commit: { sha: commit.sha, url: "" }, protected: false }));
    this.#send("status", {
      id: status.id,
      sha: commit.sha,
      name: spec.repo,
      target_url: status.targetUrl,
      context: status.context,
      description: status.description,
      state: status.state,
      commit: this.#commitJson(repo, commit),
      branches,
      created_at: status.createdAt,
      updated_at: status.createdAt,
      ...this.#envelope(repo, status.creator),
    });
    return status;
  }

  /**
   * Creates a check run, or updates the one with the same name, app and commit:
   * `check_run` created/completed, and `check_suite` completed once every run of
   * the suite is.
   */
  setCheck(spec: CheckSpec): CheckRun {
    const app = spec.app ?? "ci";
    const existing = this.#store.checkRuns.find(
      (run) =>
        run.repo === spec.repo &&
        run.headSha === spec.sha &&
        run.name === spec.name &&
        run.app === app,
    );
    return existing ? this.updateCheckRun(existing, spec) : this.createCheckRun({ ...spec, app });
  }

  createCheckRun(spec: CheckSpec & { app: string }): CheckRun {
    const store = this.#store;
    const commit = this.#requireCommit(spec.sha);
    store.app(spec.app);
    const status = spec.conclusion ? "completed" : (spec.status ?? "queued");
    const now = store.now();
    const run: CheckRun = {
      id: store.nextId(),
      repo: spec.repo,
      headSha: commit.sha,
      name: spec.name,
      status,
      conclusion: status === "completed" ? (spec.conclusion ?? "success") : null,
      app: spec.app,
      suiteId: store.checkSuiteId(spec.repo, commit.sha, spec.app),
      output: {
        title: spec.output?.title ?? null,
        summary: spec.output?.summary ?? null,
        text: spec.output?.text ?? null,
      },
      externalId: spec.externalId ?? null,
      detailsUrl: spec.detailsUrl ?? null,
      startedAt: spec.startedAt ?? now,
      completedAt: status === "completed" ? (spec.completedAt ?? now) : null,
    };
    store.checkRuns.push(run);
    this.#sendCheck("created", run);
    if (run.status === "completed") this.#sendCompleted(run);
    return run;
  }

  updateCheckRun(run: CheckRun, spec: Partial<CheckSpec>): CheckRun {
    const wasCompleted = run.status === "completed";
    if (spec.name !== undefined) run.name = spec.name;
    if (spec.detailsUrl !== undefined) run.detailsUrl = spec.detailsUrl;
    if (spec.externalId !== undefined) run.externalId = spec.externalId;
    if (spec.startedAt !== undefined) run.startedAt = spec.startedAt;
    if (spec.output) run.output = { ...run.output, ...spec.output };
    if (spec.conclusion) {
      run.status = "completed";
      run.conclusion = spec.conclusion;
    } else if (spec.status) {
      run.status = spec.status;
      if (spec.status !== "completed") run.conclusion = null;
      else run.conclusion ??= "success";
    }
    if (run.status === "completed") {
      run.completedAt =
        spec.completedAt ?? (wasCompleted ? run.completedAt : null) ?? this.#store.now();
    } else run.completedAt = null;
    // GitHub has no "updated" check_run action: only a run that completes is announced.
    if (run.status === "completed" && (!wasCompleted || spec.conclusion)) this.#sendCompleted(run);
    return run;
  }

  /**
   * Merges a pull request with GitHub's rules: 405 when it is closed, a draft or
   * conflicting; 409 when `sha` is not its head. Moves the base branch, closes the
   * PR and, on the default branch, the issues it closes.
   */
  merge(
    issue: Issue,
    options: { sha?: string; method?: MergeMethod; title?: string; message?: string },
    sender: string,
  ): MergeResult {
    const pull = issue.pull;
    if (!pull) return { ok: false, status: 404, message: "Not Found" };
    if (issue.state !== "open" || pull.draft || pull.mergeable === false) {
      return { ok: false, status: 405, message: "Pull Request is not mergeable" };
    }
    if (options.sha !== undefined && options.sha !== pull.headSha) {
      return {
        ok: false,
        status: 409,
        message: "Head branch was modified. Review and try the merge again.",
      };
    }
    const store = this.#store;
    const base = store.requireRepo(pull.baseRepo);
    const before = base.branches.get(pull.baseRef) ?? pull.baseSha;
    const made = this.#mergeCommits(issue, before, options, sender);
    const after = made.at(-1)?.sha ?? before;
    base.branches.set(pull.baseRef, after);
    const now = store.now();
    Object.assign(pull, { merged: true, mergedAt: now, mergedBy: sender, mergeCommitSha: after });
    Object.assign(issue, { state: "closed", closedAt: now, updatedAt: now });
    this.#send("pull_request", {
      action: "closed",
      number: issue.number,
      pull_request: pullShape(this.#ctx, issue),
      ...this.#envelope(base, sender),
    });
    this.#push(base, pull.baseRef, before, made, sender);
    if (pull.baseRef === base.defaultBranch) {
      for (const closing of store.closingIssues(issue)) {
        if (closing.state === "open") this.updateIssue(closing, { state: "closed" }, sender);
      }
    }
    return { ok: true, sha: after };
  }

  requirePull(repo: string, number: number): Issue {
    const issue = this.#store.issue(repo, number);
    if (!issue?.pull) throw new Error(`[c4bot sandbox] no pull request ${repo}#${number}`);
    return issue;
  }

  #mergeCommits(
    issue: Issue,
    baseHead: string,
    options: { method?: MergeMethod; title?: string; message?: string },
    sender: string,
  ): Commit[] {
    const store = this.#store;
    const pull = issue.pull as NonNullable<Issue["pull"]>;
    const head = store.commits.get(pull.headSha);
    const changes = (from: string, to: string) =>
      Object.fromEntries(store.diff(from, to).map((path) => [path, head?.tree[path] ?? null]));
    const method = options.method ?? "merge";
    if (method === "rebase") {
      const made: Commit[] = [];
      let parent = baseHead;
      for (const sha of pull.commits) {
        const commit = store.commits.get(sha);
        if (!commit || commit.parents.length > 1) continue;
        const files = Object.fromEntries(
          commit.changed.map((path) => [path, commit.tree[path] ?? null]),
        );
        const next = store.commit({
          parent,
          files,
          message: commit.message,
          author: commit.author,
        });
        made.push(next);
        parent = next.sha;
      }
      return made;
    }
    const messages = pull.commits.map((sha) => `* ${store.commits.get(sha)?.message ?? ""}`);
    const title =
      options.title ??
      (method === "squash"
        ? `${issue.title} (#${issue.number})`
        : `Merge pull request #${issue.number} from ${pull.headRepo.split("/")[0]}/${pull.headRef}`);
    const detail = options.message ?? (method === "squash" ? messages.join("\n\n") : issue.title);
    const message = detail ? `${title}\n\n${detail}` : title;
    return [
      store.commit({
        parent: baseHead,
        otherParents: method === "merge" ? [pull.headSha] : [],
        files: changes(pull.baseSha, pull.headSha),
        message,
        author: method === "squash" ? issue.author : sender,
      }),
    ];
  }

  #commitAll(
    start: string | null,
    specs: CommitSpec[],
    author: string,
    branch: string,
    mergeFrom: string | null,
  ): Commit[] {
    const made: Commit[] = [];
    let parent = start;
    for (const [index, spec] of specs.entries()) {
      const files = spec.files ?? {
        [`changes/${branch}-${index + 1}.txt`]: `${spec.message}\n${this.#store.now()}\n`,
      };
      const commit = this.#store.commit({
        parent,
        otherParents: spec.merge && mergeFrom ? [mergeFrom] : [],
        files,
        message: spec.message,
        author: spec.author ?? author,
      });
      made.push(commit);
      parent = commit.sha;
    }
    return made;
  }

  #fork(base: Repo, login: string): Repo {
    const name = `${login}/${base.name}`;
    const existing = this.#store.repo(name);
    if (existing) return existing;
    this.#store.user(login);
    const fork = this.#store.addRepo({
      owner: login,
      name: base.name,
      defaultBranch: base.defaultBranch,
      private: base.private,
      parent: `${base.owner}/${base.name}`,
    });
    const head = base.branches.get(base.defaultBranch);
    if (head) fork.branches.set(base.defaultBranch, head);
    return fork;
  }

  #newIssue(repo: Repo, input: { author: string; title: string; body: string }): Issue {
    const now = this.#store.now();
    const issue: Issue = {
      id: this.#store.nextId(),
      pullId: 0,
      repo: `${repo.owner}/${repo.name}`,
      number: repo.nextNumber,
      ...input,
      state: "open",
      stateReason: null,
      labels: [],
      milestone: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: null,
    };
    repo.nextNumber += 1;
    this.#store.user(input.author);
    this.#store.issues.set(`${issue.repo}#${issue.number}`, issue);
    return issue;
  }

  #install(repo: Repo): void {
    repo.installed = true;
    const repository = {
      id: repo.id,
      node_id: repoShape(this.#ctx, repo).node_id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
    };
    const sender = userShape(this.#ctx, repo.owner);
    if (this.#installationAccount === null) {
      this.#installationAccount = repo.owner;
      this.#send("installation", {
        action: "created",
        installation: installationShape(this.#ctx, repo.owner),
        repositories: [repository],
        requester: null,
        sender,
      });
      return;
    }
    this.#send("installation_repositories", {
      action: "added",
      installation: installationShape(this.#ctx, this.#installationAccount),
      repository_selection: "selected",
      repositories_added: [repository],
      repositories_removed: [],
      requester: null,
      sender,
    });
  }

  #push(repo: Repo, branch: string, before: string | null, made: Commit[], pusher: string): void {
    const commits = made.map((commit) => this.#pushCommit(repo, commit));
    const after = made.at(-1)?.sha ?? before;
    this.#send("push", {
      ref: `refs/heads/${branch}`,
      before: before ?? "0000000000000000000000000000000000000000",
      after,
      created: before === null,
      deleted: false,
      forced: false,
      base_ref: null,
      compare: `${this.#ctx.origin()}/${repo.owner}/${repo.name}/compare/${before?.slice(0, 12)}...${after?.slice(0, 12)}`,
      commits,
      head_commit: commits.at(-1) ?? null,
      pusher: { name: pusher, email: `${pusher}@users.noreply.sim` },
      ...this.#envelope(repo, pusher),
    });
  }

  #pushCommit(repo: Repo, commit: Commit): Json {
    const parent = this.#store.commits.get(commit.parents[0] ?? "")?.tree ?? {};
    const person = {
      name: commit.author,
      email: `${commit.author}@users.noreply.sim`,
      username: commit.author,
    };
    return {
      id: commit.sha,
      tree_id: commit.sha,
      distinct: true,
      message: commit.message,
      timestamp: commit.committedDate,
      url: `${this.#ctx.origin()}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: person,
      committer: person,
      added: commit.changed.filter((path) => !(path in parent) && path in commit.tree),
      removed: commit.changed.filter((path) => !(path in commit.tree)),
      modified: commit.changed.filter((path) => path in parent && path in commit.tree),
    };
  }

  #commitJson(repo: Repo, commit: Commit): Json {
    const url = `${this.#ctx.origin()}/api/v3/repos/${repo.owner}/${repo.name}/commits/${commit.sha}`;
    const person = {
      name: commit.author,
      email: `${commit.author}@users.noreply.sim`,
      date: commit.committedDate,
    };
    return {
      sha: commit.sha,
      node_id: Buffer.from(`Commit:${commit.sha}`).toString("base64url"),
      commit: { author: person, committer: person, message: commit.message, url },
      url,
      html_url: `${this.#ctx.origin()}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: userShape(this.#ctx, commit.author),
      committer: userShape(this.#ctx, commit.author),
      parents: commit.parents.map((sha) => ({ sha, url: "" })),
    };
  }

  #sendComment(action: string, issue: Issue, comment: Comment, sender: string): void {
    this.#send("issue_comment", {
      action,
      issue: issueShape(this.#ctx, issue),
      comment: commentShape(this.#ctx, comment),
      ...this.#envelope(this.#store.requireRepo(issue.repo), sender),
    });
  }

  #sendCheck(action: string, run: CheckRun): void {
    this.#send("check_run", {
      action,
      check_run: checkRunShape(this.#ctx, run),
      ...this.#envelope(this.#store.requireRepo(run.repo), `${run.app}[bot]`),
    });
  }

  #sendCompleted(run: CheckRun): void {
    this.#sendCheck("completed", run);
    const suite = checkSuiteShape(this.#ctx, run);
    if (suite.status !== "completed") return;
    this.#send("check_suite", {
      action: "completed",
      check_suite: suite,
      ...this.#envelope(this.#store.requireRepo(run.repo), `${run.app}[bot]`),
    });
  }

  #requireCommit(sha: string): Commit {
    const commit = this.#store.commits.get(sha);
    if (!commit) throw new Error(`[c4bot sandbox] no commit ${sha}`);
    return commit;
  }

  #touch(issue: Issue): void {
    issue.updatedAt = this.#store.now();
  }

  #envelope(repo: Repo, sender: string): Json {
    const envelope: Json = {
      repository: repoShape(this.#ctx, repo),
      sender: userShape(this.#ctx, sender),
    };
    if (repo.installed) {
      envelope.installation = {
        id: this.#ctx.installationId,
        node_id: Buffer.from(`Installation:${this.#ctx.installationId}`).toString("base64url"),
      };
    }
    return envelope;
  }

  get appLogin(): string {
    return this.#appLogin;
  }
}
