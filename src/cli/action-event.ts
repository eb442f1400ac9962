import { UsageError } from "./usage-error.ts";

/** The pull request a workflow's event asks the Action to judge. */
export interface ActionTarget {
  owner: string;
  repo: string;
  number: number;
}

interface EventPayload {
  repository?: { name?: string; owner?: { login?: string } };
  pull_request?: { number?: number };
  merge_group?: { head_ref?: string };
}

/**
 * GitHub names a merge queue's branch `gh-readonly-queue/<base>/pr-<N>-<sha>`,
 * N being the pull request at the group's tip
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#merge_group).
 * Every queued pull request is the tip of its own group, with a run of its
 * own, so judging the tip judges each of them once.
 */
const QUEUE_REF = /(?:^|\/)gh-readonly-queue\/.+\/pr-([1-9]\d*)-[0-9a-f]+$/;

/** Reads the event a runner hands the Action (`GITHUB_EVENT_NAME`, the file at `GITHUB_EVENT_PATH`). */
export function actionTarget(eventName: string, payload: EventPayload): ActionTarget {
  const owner = payload.repository?.owner?.login;
  const repo = payload.repository?.name;
  if (!owner || !repo) {
    throw new UsageError(`c4bot action: the ${eventName} event names no repository`);
  }
  switch (eventName) {
    case "pull_request":
    case "pull_request_target": {
      const number = payload.pull_request?.number;
      if (!Number.isInteger(number)) {
        throw new UsageError(`c4bot action: the ${eventName} event names no pull request`);
      }
      return { owner, repo, number: number as number };
    }
    case "merge_group": {
      const ref = payload.merge_group?.head_ref ?? "";
      const match = QUEUE_REF.exec(ref);
      if (!match) {
        throw new UsageError(
          `c4bot action: the merge_group's head_ref ${JSON.stringify(ref)} is not a merge queue branch`,
        );
      }
      return { owner, repo, number: Number(match[1]) };
    }
    default:
      throw new UsageError(
        `c4bot action: runs on pull_request and merge_group events, not ${eventName || "(no GITHUB_EVENT_NAME)"}`,
      );
  }
}
