import type { Job } from "../core/job.ts";
import type { AppJob, RepoTarget } from "../jobs/app-jobs.ts";
import { buttonJob, commandJob, evaluateJob, groupCheckJob, sweepJob } from "../jobs/app-jobs.ts";
import { parseButtonIdentifier } from "../jobs/check-run-buttons.ts";

/** The webhook payload fields c4bot reads; GitHub sends many more. */
interface Payload {
  action?: string;
  installation?: { id: number };
  repository?: { name: string; owner: { login: string } };
  sender?: { login: string; type: string };
  pull_request?: { number: number };
  issue?: { number: number; pull_request?: unknown };
  comment?: { body: string; user: { login: string; type: string } };
  check_run?: CheckLike & { name: string };
  check_suite?: CheckLike;
  requested_action?: { identifier: string };
  sha?: string;
  merge_group?: { head_sha: string; head_ref: string };
  repositories?: { name: string; full_name: string }[];
  repositories_added?: { name: string; full_name: string }[];
}

interface CheckLike {
  head_sha: string;
  app?: { id: number } | null;
  pull_requests?: { number: number }[];
}

const pullActions = new Set([
  "opened",
  "edited",
  "synchronize",
  "reopened",
  "ready_for_review",
  "converted_to_draft",
]);

/**
 * Turns a webhook into the jobs it calls for, without any GitHub call: the
 * request path only enqueues. `appId` tells the bot's own check runs apart;
 * `deliveryId` lets the queue drop a delivery it has seen.
 */
export function jobsForEvent(
  name: string,
  payload: Payload,
  appId: number,
  deliveryId?: string,
): AppJob[] {
  return withDeliveryIds(jobsFor(name, payload, appId), deliveryId);
}

/**
 * Turns a webhook into jobs: the app's own mapping is `jobsFor`; other
 * features (community tooling) add mappers of this shape.
 */
export type EventMapper = (name: string, payload: never, appId: number) => Job[];

/**
 * One delivery can call for several jobs: each gets its own id, so dedupe
 * drops a redelivery whole and never a sibling.
 */
export function withDeliveryIds<J extends Job>(jobs: J[], deliveryId: string | undefined): J[] {
  if (deliveryId === undefined) return jobs;
  return jobs.map((job, index) => ({
    ...job,
    deliveryId: index === 0 ? deliveryId : `${deliveryId}/${index}`,
  }));
}

export function jobsFor(name: string, payload: Payload, appId: number): AppJob[] {
  const installationId = payload.installation?.id;
  if (installationId === undefined) return [];
  const inRepo = (): RepoTarget | null =>
    payload.repository
      ? { installationId, owner: payload.repository.owner.login, repo: payload.repository.name }
      : null;
  const target = inRepo();
  const action = payload.action ?? "";
  if (name === "check_run" && action === "requested_action") {
    return buttonJobs(payload, target, appId);
  }

  switch (name) {
    case "pull_request":
      if (!target || !payload.pull_request || !pullActions.has(action)) return [];
      return [evaluateJob({ ...target, number: payload.pull_request.number })];

    case "pull_request_review":
      if (!target || !payload.pull_request) return [];
      return [evaluateJob({ ...target, number: payload.pull_request.number })];

    case "check_run":
    case "check_suite": {
      const check = name === "check_run" ? payload.check_run : payload.check_suite;
      if (!target || !check || (action !== "completed" && action !== "created")) return [];
      // Our own check run changing says nothing new about the patch.
      if (check.app?.id === appId) return [];
      if (name === "check_run" && payload.check_run?.name === "C4") return [];
      // GitHub lists pull requests only for heads in the same repository; forks need a lookup.
      const pulls = check.pull_requests ?? [];
      if (pulls.length > 0) {
        return pulls.map((pull) => evaluateJob({ ...target, number: pull.number }));
      }
      return [sweepJob({ ...target, sha: check.head_sha })];
    }

    case "merge_group": {
      const group = payload.merge_group;
      if (!target || !group || action !== "checks_requested") return [];
      // `refs/heads/gh-readonly-queue/<base>/pr-<number>-<base sha>`: the queue names its pull request.
      const numbers = [...group.head_ref.matchAll(/\/pr-(\d+)-[0-9a-f]+$/g)].map((m) =>
        Number(m[1]),
      );
      if (numbers.length === 0) return [];
      return [groupCheckJob({ ...target, sha: group.head_sha, numbers })];
    }

    case "status":
      if (!target || !payload.sha) return [];
      return [sweepJob({ ...target, sha: payload.sha })];

    case "issues":
      if (!target || !payload.issue || payload.issue.pull_request) return [];
      if (!["edited", "closed", "reopened", "deleted"].includes(action)) return [];
      return [sweepJob({ ...target, issue: payload.issue.number })];

    case "issue_comment": {
      const comment = payload.comment;
      if (!target || !payload.issue?.pull_request || !comment || action !== "created") return [];
      if (comment.user.type === "Bot" || !/^\s*\/c4\b/i.test(comment.body)) return [];
      return [
        commandJob({
          ...target,
          number: payload.issue.number,
          author: comment.user.login,
          body: comment.body,
        }),
      ];
    }

    case "installation":
      if (action !== "created" && action !== "unsuspend" && action !== "new_permissions_accepted") {
        return [];
      }
      return reposOf(payload.repositories, installationId);

    case "installation_repositories":
      if (action !== "added") return [];
      return reposOf(payload.repositories_added, installationId);

    default:
      return [];
  }
}

/**
 * A click on a button of c4bot's own `C4` check run, by a person: the
 * identifier names the button and the pull request (check-run-buttons.ts).
 */
function buttonJobs(payload: Payload, target: RepoTarget | null, appId: number): AppJob[] {
  const clicked = parseButtonIdentifier(payload.requested_action?.identifier ?? "");
  const sender = payload.sender;
  if (!target || !clicked || !sender || sender.type === "Bot") return [];
  if (payload.check_run?.app?.id !== appId) return [];
  return [buttonJob({ ...target, number: clicked.number, by: sender.login, button: clicked.name })];
}

function reposOf(
  repositories: { full_name: string }[] | undefined,
  installationId: number,
): AppJob[] {
  return (repositories ?? []).flatMap((repository) => {
    const [owner, repo] = repository.full_name.split("/");
    return owner && repo ? [sweepJob({ installationId, owner, repo })] : [];
  });
}
