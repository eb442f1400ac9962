import type { GraphqlNodes, Node } from "./graphql-nodes.ts";
import { nodeId, type ShapeContext } from "./rest-shapes.ts";

/** Users, organizations, bots (User, Organization, Bot) and apps (App). */
export function actorNodes(
  ctx: ShapeContext,
  nodes: GraphqlNodes,
): Pick<GraphqlNodes, "actor" | "app"> {
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
        return repo ? nodes.repository(repo) : null;
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

  return { actor, app };
}
