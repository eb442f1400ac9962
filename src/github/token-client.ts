import { ProbotOctokit } from "probot";
import type { GitHubClient } from "./client.ts";

/**
 * A client for the command line, authenticated as `gh` is: `GITHUB_TOKEN`
 * (or `GH_TOKEN`), and `GITHUB_API_URL` for GitHub Enterprise Server (or the
 * simulator); GraphQL then goes where Octokit derives it from that URL.
 * Rate limits are not waited out: the caller reports them.
 */
export function tokenClient(env: Record<string, string | undefined>): GitHubClient | null {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) return null;
  return new ProbotOctokit({
    auth: { token },
    baseUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""),
    throttle: { enabled: false },
    retry: { enabled: false },
  });
}
