import { closingReferences } from "./closing-references.ts";
import { commitSha } from "./commit-sha.ts";
import type { Release } from "./sandbox-release.ts";
import type {
  App,
  CheckRun,
  Comment,
  Commit,
  CommitStatus,
  Issue,
  MergeGroup,
  Permission,
  Repo,
  Review,
  Ruleset,
  User,
  UserType,
} from "./sandbox-types.ts";

export interface CommitInput {
  parent: string | null;
  /** Extra parents: a merge commit inside a patch has two. */
  otherParents?: string[];
  /** path -> text; null deletes the file. */
  files: Record<string, string | null>;
  message: string;
  author: string;
}

/**
 * The simulator's whole state and the lookups over it. It knows nothing of HTTP
 * or webhooks: `SandboxActions` mutates it and tells the app.
 */
export class SandboxStore {
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, Repo>();
  readonly commits = new Map<string, Commit>();
  /** Keyed `owner/name#number`; pull requests are issues with a `pull` side. */
  readonly issues = new Map<string, Issue>();
  readonly comments: Comment[] = [];
  readonly reviews: Review[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly statuses: CommitStatus[] = [];
  /** Tags, keyed `owner/name@tag` -> sha (lightweight tags: no tag objects). */
  readonly tags = new Map<string, string>();
  readonly releases: Release[] = [];
  readonly rulesets: Ruleset[] = [];
  /** Pull requests waiting in merge queues, oldest first. */
  readonly mergeGroups: MergeGroup[] = [];
  readonly apps = new Map<string, App>();
  /** `repo@sha@app` -> check suite id: GitHub keeps one suite per app per commit. */
  readonly suites = new Map<string, number>();
  #nextId = 1000;
  #clockOffsetMs = 0;

  /** Ids are unique across kinds, which is all a client can rely on. */
  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  now(): string {
    return new Date(Date.now() + this.#clockOffsetMs).toISOString();
  }

  /** Moves the simulator's clock (not the JWT clock) forward, e.g. past a grace period. */
  advanceClock(ms: number): void {
    this.#clockOffsetMs += ms;
  }

  user(login: string, type?: UserType): User {
    const existing = this.users.get(login);
    if (existing) return existing;
    const inferred: UserType = type ?? (login.endsWith("[bot]") ? "Bot" : "User");
    const user = { id: this.nextId(), login, type: inferred };
    this.users.set(login, user);
    return user;
  }

  app(slug: string): App {
    const existing = this.apps.get(slug);
    if (existing) return existing;
    const app = { id: this.nextId(), slug, owner: "github" };
    this.apps.set(slug, app);
    this.user(`${slug}[bot]`, "Bot");
    return app;
  }

  /** The rulesets that apply to `branch` of `repo`. */
  rulesetsFor(repo: Repo, branch: string): Ruleset[] {
    const fullName = `${repo.owner}/${repo.name}`;
    return this.rulesets.filter(
      (ruleset) => ruleset.repo === fullName && (ruleset.branch ?? repo.defaultBranch) === branch,
    );
  }

  repo(fullName: string): Repo | undefined {
    return this.repos.get(fullName);
  }

  requireRepo(fullName: string): Repo {
    const repo = this.repos.get(fullName);
    if (!repo) throw new Error(`[c4bot sandbox] no repository ${fullName}`);
    return repo;
  }

  addRepo(input: {
    owner: string;
    name: string;
    defaultBranch: string;
    private: boolean;
    parent: string | null;
  }): Repo {
    const fullName = `${input.owner}/${input.name}`;
    if (this.repos.has(fullName)) throw new Error(`[c4bot sandbox] ${fullName} already exists`);
    const repo: Repo = {
      id: this.nextId(),
      ...input,
      collaborators: new Map<string, Permission>(),
      branches: new Map(),
      nextNumber: 1,
      createdAt: this.now(),
      installed: false,
    };
    this.repos.set(fullName, repo);
    return repo;
  }

  commit(input: CommitInput): Commit {
    const base = input.parent ? this.commits.get(input.parent)?.tree : {};
    const tree: Record<string, string> = { ...base };
    for (const [path, text] of Object.entries(input.files)) {
      if (text === null) delete tree[path];
      else tree[path] = text;
    }
    const parents = [...(input.parent ? [input.parent] : []), ...(input.otherParents ?? [])];
    const content = {
      tree,
      message: input.message,
      parents,
      author: input.author,
      committedDate: this.now(),
    };
    const commit: Commit = {
      sha: commitSha(content),
      ...content,
      changed: Object.keys(input.files),
    };
    this.commits.set(commit.sha, commit);
    this.user(input.author);
    return commit;
  }

  /** A ref as GitHub reads it: a sha, `main`, `heads/main` or `refs/heads/main`. */
  resolveRef(repo: Repo, ref: string | undefined): string | undefined {
    if (ref === undefined) return repo.branches.get(repo.defaultBranch);
    const branch = ref.replace(/^refs\//, "").replace(/^heads\//, "");
    const head = repo.branches.get(branch);
    if (head) return head;
    const tag = this.tags.get(`${repo.owner}/${repo.name}@${ref.replace(/^(refs\/)?tags\//, "")}`);
    if (tag) return tag;
    if (/^[0-9a-f]{7,40}$/.test(ref)) {
      for (const sha of this.commits.keys()) if (sha.startsWith(ref)) return sha;
    }
    return undefined;
  }

  issue(repo: string, number: number): Issue | undefined {
    return this.issues.get(`${repo}#${number}`);
  }

  issuesOf(repo: string): Issue[] {
    return [...this.issues.values()].filter((issue) => issue.repo === repo);
  }

  pullsOf(repo: string): Issue[] {
    return this.issuesOf(repo).filter((issue) => issue.pull !== null);
  }

  /** Paths that differ between two commits' trees. */
  diff(fromSha: string, toSha: string): string[] {
    const from = this.commits.get(fromSha)?.tree ?? {};
    const to = this.commits.get(toSha)?.tree ?? {};
    const paths = new Set([...Object.keys(from), ...Object.keys(to)]);
    return [...paths].filter((path) => from[path] !== to[path]).sort();
  }

  /** Issues a pull request closes: keywords in its body plus the scripted `closes` list. */
  closingIssues(pull: Issue): Issue[] {
    const refs = closingReferences(pull.body).map((ref) => ({
      repo: ref.repo ?? pull.repo,
      number: ref.number,
    }));
    for (const number of pull.pull?.closes ?? []) refs.push({ repo: pull.repo, number });
    const found = new Map<string, Issue>();
    for (const ref of refs) {
      const issue = this.issue(ref.repo, ref.number);
      if (issue && issue.pull === null) found.set(`${issue.repo}#${issue.number}`, issue);
    }
    return [...found.values()];
  }

  /** The repository role of a user: owners of user-owned repos are admins. */
  permission(repo: Repo, login: string): Permission | null {
    const role = repo.collaborators.get(login);
    if (role) return role;
    if (repo.owner === login && this.users.get(login)?.type !== "Organization") return "admin";
    return null;
  }

  checkSuiteId(repo: string, sha: string, app: string): number {
    const key = `${repo}@${sha}@${app}`;
    let id = this.suites.get(key);
    if (id === undefined) {
      id = this.nextId();
      this.suites.set(key, id);
    }
    return id;
  }
}
