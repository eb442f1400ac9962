import type { ActionContext } from "./action-context.ts";
import { type CommitSpec, commitAll } from "./commit-all.ts";
import { installationShape, repoShape, userShape } from "./rest-shapes.ts";
import type { Permission, Repo } from "./sandbox-types.ts";
import { sendPush } from "./send-push.ts";

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

/**
 * Repositories, forks and pushes to their branches, and the app's
 * installation on them: `installation` created for the first repository,
 * `installation_repositories` added for the others.
 */
export class RepoActions {
  readonly #actx: ActionContext;
  #installationAccount: string | null = null;

  constructor(actx: ActionContext) {
    this.#actx = actx;
  }

  get installationAccount(): string | null {
    return this.#installationAccount;
  }

  createRepo(spec: RepoSpec): Repo {
    const store = this.#actx.store;
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
    const repo = this.#actx.store.requireRepo(repoName);
    const before = repo.branches.get(branch) ?? null;
    const made = commitAll(this.#actx.store, before, commits, pusher, branch, before);
    const after = made.at(-1)?.sha ?? before;
    if (after === null) throw new Error("[c4bot sandbox] a push needs at least one commit");
    repo.branches.set(branch, after);
    sendPush(this.#actx, repo, branch, before, made, pusher);
    return after;
  }

  /** `login`'s fork of `base`, made on first use with `base`'s default branch. */
  fork(base: Repo, login: string): Repo {
    const store = this.#actx.store;
    const name = `${login}/${base.name}`;
    const existing = store.repo(name);
    if (existing) return existing;
    store.user(login);
    const fork = store.addRepo({
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

  #install(repo: Repo): void {
    const { ctx, send } = this.#actx;
    repo.installed = true;
    const repository = {
      id: repo.id,
      node_id: repoShape(ctx, repo).node_id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: repo.private,
    };
    const sender = userShape(ctx, repo.owner);
    if (this.#installationAccount === null) {
      this.#installationAccount = repo.owner;
      send("installation", {
        action: "created",
        installation: installationShape(ctx, repo.owner),
        repositories: [repository],
        requester: null,
        sender,
      });
      return;
    }
    send("installation_repositories", {
      action: "added",
      installation: installationShape(ctx, this.#installationAccount),
      repository_selection: "selected",
      repositories_added: [repository],
      repositories_removed: [],
      requester: null,
      sender,
    });
  }
}
