import type { ProbotOctokit } from "probot";

/**
 * An installation's authenticated Octokit, as Probot makes it (with its retry
 * and throttling plugins). All GitHub I/O goes through one of these.
 */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;
