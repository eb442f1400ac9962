import type { RestRequest } from "./rest-handlers.ts";
import { fail, notFound, ok, type RestKit } from "./rest-kit.ts";
import { commentShape } from "./rest-shapes.ts";

/** Issue and pull request comments: listed, written, read and edited. */
export function addCommentRoutes(kit: RestKit): void {
  const { ctx, store, actions, route, issueOf, paged, byId } = kit;
  route("get /repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const since = request.query.since ? Date.parse(request.query.since) : null;
    const comments = store.comments
      .filter((comment) => comment.repo === issue.repo && comment.number === issue.number)
      .filter((comment) => since === null || Date.parse(comment.updatedAt) >= since);
    return paged(
      comments.map((comment) => commentShape(ctx, comment)),
      request,
    );
  });
  route("post /repos/{owner}/{repo}/issues/{issue_number}/comments", (request) => {
    const issue = issueOf(request);
    if (!issue) return notFound();
    const comment = actions.comments.addComment({
      repo: issue.repo,
      number: issue.number,
      author: request.sender,
      body: String(request.body.body),
    });
    return ok(commentShape(ctx, comment), 201);
  });
  const commentOf = (request: RestRequest) => byId(request, store.comments, "comment_id");
  route("get /repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => {
    const comment = commentOf(request);
    return comment ? ok(commentShape(ctx, comment)) : notFound();
  });
  route("patch /repos/{owner}/{repo}/issues/comments/{comment_id}", (request) => {
    const comment = commentOf(request);
    if (!comment) return notFound();
    if (comment.author !== request.sender)
      return fail(403, "Resource not accessible by integration");
    return ok(
      commentShape(
        ctx,
        actions.comments.editComment(comment, String(request.body.body), request.sender),
      ),
    );
  });
}
