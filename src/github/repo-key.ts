/**
 * The queue key of a repository, or of one of its issues and pull requests.
 * GitHub's names are case-insensitive (`ZeroMQ/libzmq` is `zeromq/libzmq`),
 * so every job kind keys by the lower-cased name: work on one repository
 * named two ways still runs in one order.
 */
export function repoKey(target: { owner: string; repo: string }): string {
  return `${target.owner}/${target.repo}`.toLowerCase();
}

/** `owner/repo#N`, lower-cased as repoKey. */
export function issueKey(target: { owner: string; repo: string; number: number }): string {
  return `${repoKey(target)}#${target.number}`;
}
