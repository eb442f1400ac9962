/**
 * What one GitHub request costs against the limits GitHub publishes per
 * installation (docs.github.com, "Rate limits for the REST API" and "Rate
 * limits and query limits for the GraphQL API").
 */
export interface RequestCost {
  /** The primary limit it counts against (`x-ratelimit-resource`). */
  resource: "core" | "graphql";
  /** Creates content: counts against 80 a minute and 500 an hour. */
  contentCreating: boolean;
  /** Secondary limit points: REST 900 a minute (GET 1, other methods 5). */
  restPoints: number;
  /** Secondary limit points: GraphQL 2,000 a minute (a query 1, a mutation 5). */
  graphqlPoints: number;
}

const readMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The cost of `method url` with `body` (a GraphQL request's `{query}`). */
export function requestCost(method: string, url: string, body?: unknown): RequestCost {
  const verb = method.toUpperCase();
  if (isGraphql(url)) {
    const mutation = isMutation((body as { query?: unknown } | undefined)?.query);
    return {
      resource: "graphql",
      contentCreating: mutation,
      restPoints: 0,
      graphqlPoints: mutation ? 5 : 1,
    };
  }
  const read = readMethods.has(verb);
  return { resource: "core", contentCreating: !read, restPoints: read ? 1 : 5, graphqlPoints: 0 };
}

/** `/graphql`, or `https://HOST/api/graphql` on GitHub Enterprise Server. */
export function isGraphql(url: string): boolean {
  return /(^|\/)graphql$/.test(url.split("?")[0] ?? "");
}

/** A GraphQL document whose first operation is a mutation (comments and blanks skipped). */
function isMutation(query: unknown): boolean {
  if (typeof query !== "string") return false;
  const text = query.replace(/#[^\n]*/g, "").trimStart();
  return /^mutation\b/.test(text);
}
