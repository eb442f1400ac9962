import type { Octokit } from "@octokit/rest";

/** The hidden line that marks the one benchmark comment of a PR. */
export const COMMENT_MARKER = "<!-- c4bot-bench -->";

/**
 * GitHub rejects issue comments over 65,536 characters ("body is too long"):
 * https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 */
export const MAX_COMMENT_LENGTH = 65_536;

export interface PublishTarget {
  owner: string;
  repo: string;
  /** The pull request number (a PR is an issue for comments). */
  pr: number;
  body: string;
  marker?: string;
}

export interface Published {
  action: "created" | "updated";
  id: number;
  url: string;
}

/**
 * Creates the PR's benchmark comment, or updates it when one carrying the
 * marker exists, so a PR that is pushed to ten times holds one comment with
 * the latest figures rather than ten.
 */
export async function publishComment(octokit: Octokit, target: PublishTarget): Promise<Published> {
  const marker = target.marker ?? COMMENT_MARKER;
  const body = fitToLimit(`${marker}\n${target.body}`);
  const { owner, repo } = target;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: target.pr,
    per_page: 100,
  });
  const existing = comments.find((comment) => comment.body?.includes(marker));
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body,
    });
    return { action: "updated", id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: target.pr,
    body,
  });
  return { action: "created", id: data.id, url: data.html_url };
}

function fitToLimit(body: string): string {
  if (body.length <= MAX_COMMENT_LENGTH) return body;
  const note = "\n\n…(cut to GitHub's comment size limit; the job summary has it all)\n";
  return body.slice(0, MAX_COMMENT_LENGTH - note.length) + note;
}
