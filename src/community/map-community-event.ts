import type { Job } from "../core/job.ts";
import { type CommunityJob, communityJob, type RepoRef } from "./community-jobs.ts";

/** The webhook fields the community mapper reads. */
interface Payload {
  action?: string;
  installation?: { id: number };
  repository?: { name: string; owner: { login: string }; default_branch?: string };
  sender?: { login: string; type: string };
  issue?: {
    number: number;
    user: { login: string; type: string } | null;
    author_association?: string;
    pull_request?: unknown;
    labels?: ({ name?: string } | string)[];
  };
  pull_request?: {
    number: number;
    merged?: boolean | null;
    merged_at?: string | null;
    merged_by?: { login: string; type: string } | null;
    user: { login: string; type: string } | null;
    author_association?: string;
    base?: { ref: string };
  };
  release?: { id: number; body: string | null; draft: boolean };
  ref?: string;
  created?: boolean;
  deleted?: boolean;
  after?: string;
  commits?: { id: string }[];
  pusher?: { name: string };
  check_suite?: {
    head_sha: string;
    head_branch: string | null;
    conclusion: string | null;
    app?: { id: number; slug?: string } | null;
  };
  state?: string;
  sha?: string;
  context?: string;
  branches?: { name: string }[];
}

/** The project's own people need no primer. */
const insiders = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

const failing = new Set(["failure", "timed_out", "cancelled", "action_required", "error"]);

/**
 * Turns a webhook into community jobs (docs/community.md), without any GitHub
 * call: the request path only enqueues; the jobs read fresh state. Accounts
 * of type Bot are never welcomed, triaged or reported.
 */
export function mapCommunityEvent(name: string, payload: Payload, appId: number): Job[] {
  return communityJobsFor(name, payload, appId);
}

export function communityJobsFor(name: string, payload: Payload, appId: number): CommunityJob[] {
  const installationId = payload.installation?.id;
  const repository = payload.repository;
  if (installationId === undefined || !repository) return [];
  const ref: RepoRef = { installationId, owner: repository.owner.login, repo: repository.name };
  const action = payload.action ?? "";
  const defaultBranch = repository.default_branch ?? "main";

  switch (name) {
    case "issues": {
      const issue = payload.issue;
      if (!issue || issue.pull_request || !issue.user || issue.user.type === "Bot") return [];
      if (action === "opened") {
        const triage = communityJob("community.triage", {
          ...ref,
          number: issue.number,
          action: "opened",
        });
        if (insiders.has(issue.author_association ?? "")) return [triage];
        return [
          communityJob("community.welcome", {
            ...ref,
            number: issue.number,
            author: issue.user.login,
            isPull: false,
          }),
          triage,
        ];
      }
      // Only an issue that still wears a label can lose it; the job checks which label.
      if (action === "edited" && (issue.labels ?? []).length > 0) {
        return [
          communityJob("community.triage", { ...ref, number: issue.number, action: "edited" }),
        ];
      }
      return [];
    }

    case "pull_request": {
      const pull = payload.pull_request;
      if (!pull?.user || pull.user.type === "Bot") return [];
      if (action === "opened") {
        if (insiders.has(pull.author_association ?? "")) return [];
        return [
          communityJob("community.welcome", {
            ...ref,
            number: pull.number,
            author: pull.user.login,
            isPull: true,
          }),
        ];
      }
      if (action === "closed" && pull.merged) {
        const jobs: CommunityJob[] = [
          communityJob("community.follow-up", { ...ref, number: pull.number }),
          communityJob("community.suggest", { ...ref, author: pull.user.login }),
        ];
        // C4 2.4.13: its author merged it by hand (c4bot's merges are a Bot's).
        const by = pull.merged_by;
        if (by && by.type !== "Bot" && by.login === pull.user.login && pull.merged_at) {
          jobs.push(
            communityJob("community.process", {
              ...ref,
              event: {
                kind: "self-merge",
                number: pull.number,
                mergedBy: by.login,
                mergedAt: pull.merged_at,
              },
            }),
          );
        }
        return jobs;
      }
      return [];
    }

    case "push": {
      if (payload.deleted || !payload.ref) return [];
      const pusher = payload.pusher?.name ?? payload.sender?.login ?? "unknown";
      const tag = /^refs\/tags\/(.+)$/.exec(payload.ref)?.[1];
      if (tag) {
        if (!payload.created || !payload.after) return [];
        return [
          communityJob("community.process", {
            ...ref,
            event: { kind: "tag", tag, sha: payload.after, pusher },
          }),
        ];
      }
      const branch = /^refs\/heads\/(.+)$/.exec(payload.ref)?.[1];
      if (!branch) return [];
      if (branch !== defaultBranch) {
        // C4 2.5.2: topic branches live in forks; a new one in the project is reported.
        if (!payload.created) return [];
        return [
          communityJob("community.process", { ...ref, event: { kind: "branch", branch, pusher } }),
        ];
      }
      const shas = (payload.commits ?? []).map((commit) => commit.id);
      if (shas.length === 0) return [];
      return [
        communityJob("community.process", {
          ...ref,
          event: { kind: "direct-push", branch, shas, pusher },
        }),
      ];
    }

    case "check_suite": {
      const suite = payload.check_suite;
      if (action !== "completed" || !suite || suite.app?.id === appId) return [];
      if (suite.head_branch !== defaultBranch || !failing.has(suite.conclusion ?? "")) return [];
      return [
        communityJob("community.process", {
          ...ref,
          event: {
            kind: "red",
            sha: suite.head_sha,
            branch: defaultBranch,
            check: suite.app?.slug ?? "a check suite",
          },
        }),
      ];
    }

    case "status": {
      if (!payload.sha || !failing.has(payload.state ?? "")) return [];
      if (!(payload.branches ?? []).some((branch) => branch.name === defaultBranch)) return [];
      return [
        communityJob("community.process", {
          ...ref,
          event: {
            kind: "red",
            sha: payload.sha,
            branch: defaultBranch,
            check: payload.context ?? "a status",
          },
        }),
      ];
    }

    case "release": {
      const release = payload.release;
      if (action !== "published" || !release || release.draft) return [];
      // Beside the notes (only for an empty body), the contract report.
      const report = communityJob("community.contract-report", ref);
      if ((release.body ?? "").trim() !== "") return [report];
      return [communityJob("community.release-notes", { ...ref, releaseId: release.id }), report];
    }

    default:
      return [];
  }
}
