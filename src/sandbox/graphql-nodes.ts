import type { Issue, Repo } from "./sandbox-types.ts";

/** A resolved object: a field is a value or a function of its arguments. */
export type Node = Record<string, unknown>;

/** A field GitHub answers with `type: NOT_FOUND` in `errors` and null in `data`. */
export class NotFoundError extends Error {}

/** A refused mutation: GitHub answers `type: UNPROCESSABLE` in `errors`. */
export class UnprocessableError extends Error {}

/** GitHub's enums are the stored values in upper case. */
export const upper = (value: string | null) => (value === null ? null : value.toUpperCase());

/**
 * The node builders the resolver modules share, each made by its own module
 * and wired by createGraphqlRoot, so that a repository's pull request's
 * commit's author can link back to a repository.
 */
export interface GraphqlNodes {
  actor(login: string | null): Node | null;
  app(slug: string): Node;
  commit(repoName: string, sha: string): Node | null;
  plainIssue(issue: Issue): Node;
  pullRequest(issue: Issue): Node;
  repository(repo: Repo): Node;
}
