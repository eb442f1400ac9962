import type { GitHubClient } from "./client.ts";
import { scheduledOctokit } from "./create-probot.ts";
import { RequestScheduler } from "./request-scheduler.ts";

/**
 * A client for the command line, authenticated as `gh` is: `GITHUB_TOKEN`
 * (or `GH_TOKEN`), and `GITHUB_API_URL` for GitHub Enterprise Server (or the
 * simulator); GraphQL then goes where Octokit derives it from that URL.
 * Short rate-limit waits are waited out in the request scheduler; long ones
 * fail, and the caller reports them.
 */
export function tokenClient(env: Record<string, string | undefined>): GitHubClient | null {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) return null;
  // The same request lanes as the bot's: writes paced, GitHub's waits honoured.
  const Octokit = scheduledOctokit(new RequestScheduler());
  return new Octokit({
    auth: { token },
    baseUrl: (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/$/, ""),
    retry: { enabled: false },
  });
}
