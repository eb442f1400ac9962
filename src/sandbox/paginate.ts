/**
 * GitHub's page-based pagination: `per_page` (default 30, at most 100) and
 * `page`, with a `Link` header naming the next, last, first and prev pages.
 */
export function paginate<T>(
  items: T[],
  query: Record<string, string | undefined>,
  url: string,
): { page: T[]; link: string | null } {
  const perPage = Math.min(Math.max(Number(query.per_page ?? 30) || 30, 1), 100);
  const page = Math.max(Number(query.page ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const at = (n: number) => {
    const next = new URL(url);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) next.searchParams.set(key, value);
    }
    next.searchParams.set("per_page", String(perPage));
    next.searchParams.set("page", String(n));
    return next.toString();
  };
  const links: string[] = [];
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    link: links.length ? links.join(", ") : null,
  };
}
