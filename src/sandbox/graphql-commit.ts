import { commitCheckFields } from "./graphql-checks.ts";
import { type ConnectionArgs, connection } from "./graphql-connection.ts";
import type { GraphqlNodes, Node } from "./graphql-nodes.ts";
import { gitPerson, nodeId, type ShapeContext } from "./rest-shapes.ts";

/** Commits (Commit), with their parents, checks and statuses. */
export function commitNodes(ctx: ShapeContext, nodes: GraphqlNodes): Pick<GraphqlNodes, "commit"> {
  const { store } = ctx;
  const origin = ctx.origin();
  const checkFields = commitCheckFields(ctx, nodes);

  const commit = (repoName: string, sha: string): Node | null => {
    const found = store.commits.get(sha);
    if (!found) return null;
    const person = { ...gitPerson(found), user: nodes.actor(found.author) };
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
      ...checkFields(repoName, sha),
    };
  };

  return { commit };
}
