/** Relay-style connection arguments, as GitHub's schema takes them. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

const encode = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");
const decode = (cursor: string) =>
  Number(Buffer.from(cursor, "base64").toString().replace("cursor:", ""));

/**
 * A connection over a list: `nodes`, `edges` (with extra edge fields),
 * `pageInfo` and `totalCount`. Cursors are opaque offsets.
 */
export function connection<T>(
  items: T[],
  args: ConnectionArgs,
  edgeFields: (item: T) => Record<string, unknown> = () => ({}),
) {
  let start = args.after ? decode(args.after) + 1 : 0;
  let end = args.before ? decode(args.before) : items.length;
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  return {
    totalCount: items.length,
    nodes: slice,
    edges: slice.map((node, offset) => ({
      cursor: encode(start + offset),
      node,
      ...edgeFields(node),
    })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? encode(start) : null,
      endCursor: slice.length ? encode(end - 1) : null,
    },
  };
}
