import type { MergeMethod } from "./merge-commits.ts";
import { fail, notFound, ok, type RestKit } from "./rest-kit.ts";
import { pullShape } from "./rest-shapes.ts";

/** Pull requests: listed, read, merged, and found by commit. */
export function addPullRoutes(kit: RestKit): void {
  const { ctx, store, actions, route, repoOf, pullOf, paged } = kit;
  route("get /repos/{owner}/{repo}/pulls", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const state = request.query.state ?? "open";
    const pulls = store
      .pullsOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => state === "all" || issue.state === state)
      .filter((issue) => !request.query.base || issue.pull?.baseRef === request.query.base)
      .filter(
        (issue) =>
          !request.query.head ||
          `${issue.pull?.headRepo.split("/")[0]}:${issue.pull?.headRef}` === request.query.head,
      );
    const ordered = request.query.direction === "asc" ? pulls : [...pulls].reverse();
    return paged(
      ordered.map((issue) => pullShape(ctx, issue)),
      request,
    );
  });

  route("get /repos/{owner}/{repo}/pulls/{pull_number}", (request) => {
    const issue = pullOf(request);
    return issue ? ok(pullShape(ctx, issue)) : notFound();
  });

  route("get /repos/{owner}/{repo}/pulls/{pull_number}/merge", (request) => {
    const issue = pullOf(request);
    return issue?.pull?.merged ? { status: 204 } : notFound();
  });

  route("put /repos/{owner}/{repo}/pulls/{pull_number}/merge", (request) => {
    const issue = pullOf(request);
    if (!issue) return notFound();
    const body = request.body ?? {};
    const result = actions.pulls.merge(
      issue,
      {
        sha: body.sha,
        method: body.merge_method as MergeMethod | undefined,
        title: body.commit_title,
        message: body.commit_message,
      },
      request.sender,
    );
    if (!result.ok) return fail(result.status, result.message);
    return ok({ sha: result.sha, merged: true, message: "Pull Request successfully merged" });
  });

  route("get /repos/{owner}/{repo}/commits/{commit_sha}/pulls", (request) => {
    const repo = repoOf(request);
    if (!repo) return notFound();
    const sha = store.resolveRef(repo, request.params.commit_sha);
    if (!sha) return fail(422, `No commit found for SHA: ${request.params.commit_sha}`);
    const pulls = store
      .pullsOf(`${repo.owner}/${repo.name}`)
      .filter((issue) => issue.pull?.commits.includes(sha) || issue.pull?.mergeCommitSha === sha);
    return paged(
      pulls.map((issue) => pullShape(ctx, issue)),
      request,
    );
  });
}
