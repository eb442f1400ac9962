import { fail, notFound, ok, type RestKit } from "./rest-kit.ts";
import { issueShape, labelShape } from "./rest-shapes.ts";

/** Issues (and what pull requests share with them): read, edited, listed, opened, labelled. */
export function addIssueRoutes(kit: RestKit): void {
  const { ctx, store, actions, route, repoOf, issueOf, paged } = kit;
  route("get /repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = issueOf(request);
    return issue ? ok(issueShape(ctx, issue)) : notFound();
  });
  route("patch /repos/{owner}/{repo}/issues/{issue_number}", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const labels = Array.isArray(body.labels)
      ? body.labels.map((label: string | { name: string }) =>
          typeof label === "string" ? label : label.name,
        )
      : undefined;
    actions.issues.updateIssue(
      issue,
      {
        title: typeof body.title === "string" ? body.title : undefined,
        body: typeof body.body === "string" ? body.body : undefined,
        state: body.state,
        stateReason: body.state_reason,
        labels,
      },
      request.sender,
    );
    return ok(issueShape(ctx, issue));
  });
  route("get /repos/{owner}/{repo}/issues", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const state = request.query.state ?? "open";
    const wanted = request.query.labels?.split(",").filter(Boolean) ?? [];
    const since = request.query.since ? Date.parse(request.query.since) : null;
    const issues = store
      .issuesOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => wanted.every((name) => issue.labels.includes(name)))
      .filter((issue) => since === null || Date.parse(issue.updatedAt) >= since)
      .filter((issue) => !request.query.creator || issue.author === request.query.creator);
    const ordered = request.query.direction === "asc" ? issues : [...issues].reverse();
    return paged(
      ordered.map((issue) => issueShape(ctx, issue)),
      request,
    );
  });
  route("post /repos/{owner}/{repo}/issues", (request) => {
    const repo = repoOf(request);
    if (!repo?.installed) return notFound();
    const issue = actions.issues.openIssue({
      repo: `${repo.owner}/${repo.name}`,
      author: request.sender,
      title: String(request.body.title),
      body: request.body.body ?? "",
      labels: (request.body.labels ?? []).map((label: string | { name: string }) =>
        typeof label === "string" ? label : label.name,
      ),
    });
    return ok(issueShape(ctx, issue), 201);
  });

  route("post /repos/{owner}/{repo}/issues/{issue_number}/labels", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const given: Array<string | { name: string }> = Array.isArray(body)
      ? body
      : (body.labels ?? []);
    const names = given.map((label) => (typeof label === "string" ? label : label.name));
    actions.issues.setLabels(issue, [...issue.labels, ...names], request.sender);
    return ok(issue.labels.map((name) => labelShape(ctx, issue.repo, name)));
  });
  route("delete /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const name = request.params.name ?? "";
    if (!issue.labels.includes(name)) return fail(404, "Label does not exist");
    actions.issues.setLabels(
      issue,
      issue.labels.filter((label) => label !== name),
      request.sender,
    );
    return ok(issue.labels.map((label) => labelShape(ctx, issue.repo, label)));
  });
}
