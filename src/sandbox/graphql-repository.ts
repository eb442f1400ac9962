import { licenseInfo } from "./detect-license.ts";
import { blobOid, treeOid } from "./git-object-id.ts";
import { type ConnectionArgs, connection } from "./graphql-connection.ts";
import { type GraphqlNodes, type Node, NotFoundError, upper } from "./graphql-nodes.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";
import type { Repo } from "./sandbox-types.ts";

/** Repositories (Repository), their refs and objects, and the issues and pull requests in them. */
export function repositoryNodes(
  ctx: ShapeContext,
  nodes: GraphqlNodes,
): Pick<GraphqlNodes, "repository"> {
  const { store } = ctx;
  const origin = ctx.origin();

  const ref = (repo: Repo, name: string): Node | null => {
    const sha = repo.branches.get(name);
    if (!sha) return null;
    return {
      __typename: "Ref",
      id: nodeId("Ref", name.length),
      name,
      prefix: "refs/heads/",
      target: nodes.commit(`${repo.owner}/${repo.name}`, sha),
    };
  };

  /** `BRANCH:path`, `SHA:path` or a bare rev, as git rev-parse reads them. */
  const gitObject = (repo: Repo, expression: string): Node | null => {
    const colon = expression.indexOf(":");
    const rev = colon === -1 ? expression : expression.slice(0, colon);
    const sha = store.resolveRef(repo, rev === "HEAD" ? undefined : rev);
    if (!sha) return null;
    if (colon === -1) return nodes.commit(`${repo.owner}/${repo.name}`, sha);
    const path = expression.slice(colon + 1).replace(/\/+$/, "");
    return treeObject(store.commits.get(sha)?.tree ?? {}, path);
  };

  /** What `path` names in a commit's tree: a Blob, a Tree, or null. */
  const treeObject = (tree: Record<string, string>, path: string): Node | null => {
    const text = tree[path];
    if (text === undefined) return gitTree(tree, path);
    return {
      __typename: "Blob",
      id: nodeId("Blob", text.length),
      oid: blobOid(text),
      text,
      byteSize: Buffer.byteLength(text),
      isBinary: false,
      isTruncated: false,
    };
  };

  /** A directory of the commit's tree (Tree), or null when nothing lies under `path`. */
  const gitTree = (tree: Record<string, string>, path: string): Node | null => {
    const prefix = path === "" ? "" : `${path}/`;
    const entries = new Map<string, "blob" | "tree">();
    for (const file of Object.keys(tree)) {
      if (!file.startsWith(prefix)) continue;
      const [name = "", ...rest] = file.slice(prefix.length).split("/");
      entries.set(name, rest.length > 0 ? "tree" : "blob");
    }
    if (entries.size === 0) return null;
    // Git's order: a directory sorts as its name with a trailing slash.
    const sortKey = ([name, type]: [string, string]) => (type === "tree" ? `${name}/` : name);
    const sorted = [...entries].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const entryNodes = sorted.map(([name, type]) => {
      const entryPath = `${prefix}${name}`;
      const text = tree[entryPath];
      return {
        __typename: "TreeEntry",
        name,
        path: entryPath,
        type,
        mode: type === "tree" ? 16384 : 33188,
        oid: text === undefined ? treeOid(tree, entryPath) : blobOid(text),
        size: text === undefined ? 0 : Buffer.byteLength(text),
        object: () => treeObject(tree, entryPath),
      };
    });
    return {
      __typename: "Tree",
      id: nodeId("Tree", path.length),
      oid: treeOid(tree, path),
      entries: entryNodes,
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
      owner: nodes.actor(repo.owner),
      parent: () => (repo.parent ? repository(store.requireRepo(repo.parent)) : null),
      defaultBranchRef: () => ref(repo, repo.defaultBranch),
      licenseInfo: () => {
        const head = repo.branches.get(repo.defaultBranch);
        return licenseInfo((head && store.commits.get(head)?.tree) || {});
      },
      ref: ({ qualifiedName }: { qualifiedName: string }) =>
        ref(repo, qualifiedName.replace(/^refs\/heads\//, "")),
      object: ({ expression, oid }: { expression?: string; oid?: string }) =>
        gitObject(repo, expression ?? oid ?? ""),
      collaborators: (args: ConnectionArgs) =>
        connection(
          collaborators().map((entry) => ({ ...nodes.actor(entry.login), role: entry.role })),
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
        return nodes.pullRequest(issue);
      },
      issue: ({ number }: { number: number }) => {
        const issue = store.issue(fullName, number);
        if (!issue || issue.pull) {
          throw new NotFoundError(`Could not resolve to an Issue with the number of ${number}.`);
        }
        return nodes.plainIssue(issue);
      },
      issueOrPullRequest: ({ number }: { number: number }) => {
        const issue = store.issue(fullName, number);
        if (!issue) {
          throw new NotFoundError(
            `Could not resolve to an issue or pull request with the number of ${number}.`,
          );
        }
        return issue.pull ? nodes.pullRequest(issue) : nodes.plainIssue(issue);
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
            .map(nodes.pullRequest)
            .filter((node) => !args.states || args.states.includes(String(node.state)))
            .filter((node) => !args.baseRefName || node.baseRefName === args.baseRefName)
            .filter((node) => !args.headRefName || node.headRefName === args.headRefName),
          args,
        ),
    };
  };

  return { repository };
}
