import { describe, expect, it } from "vitest";
import {
  observeRemoteReports,
  reportingObserver,
  reportingRequests,
  reportTopics,
} from "../../src/app/remote-reports.ts";
import type { JobQueue, ReportListener } from "../../src/core/job.ts";
import { LocalQueue } from "../../src/core/local-queue.ts";
import type { GitHubRequestSeen } from "../../src/github/create-probot.ts";
import type {
  AttentionEvent,
  BotObserver,
  MergeEvent,
  VerdictEvent,
} from "../../src/jobs/observer.ts";

const verdict: VerdictEvent = {
  repo: "zeromq/libzmq",
  number: 12,
  title: "Problem: x",
  author: "alice",
  headSha: "a".repeat(40),
  isPrivate: false,
  verdict: {
    decision: "merge",
    correct: true,
    results: [
      {
        rule: "commit-message",
        clause: "2.3.7",
        outcome: "pass",
        message: "every commit is in C4 form",
        blocking: true,
        commits: [{ sha: "a".repeat(40), subject: "Problem: x", outcome: "pass", problems: [] }],
      },
    ],
  },
  merging: true,
  dryRun: false,
  at: "2026-11-27T03:00:00.000Z",
};
const merge: MergeEvent = {
  repo: "zeromq/libzmq",
  number: 12,
  sha: "b".repeat(40),
  at: verdict.at,
};

/** A queue with remote workers, as far as reports go. */
function reportingQueue() {
  const listeners: ReportListener[] = [];
  const queue = {
    onReport: (listener: ReportListener) => listeners.push(listener),
  } as unknown as JobQueue;
  const send = (topic: string, data: unknown) => {
    for (const listener of listeners) listener(topic, JSON.parse(JSON.stringify(data)));
  };
  return { queue, send };
}

function recorder() {
  const seen = {
    verdicts: [] as VerdictEvent[],
    merges: [] as MergeEvent[],
    requests: [] as GitHubRequestSeen[],
    attention: [] as AttentionEvent[],
    warnings: [] as string[],
  };
  const observer: BotObserver & { githubRequest(request: GitHubRequestSeen): void } = {
    verdict: (event) => seen.verdicts.push(event),
    merged: (event) => seen.merges.push(event),
    githubRequest: (request) => seen.requests.push(request),
    attention: (event) => seen.attention.push(event),
  };
  const log = { warn: (_object: object, message?: string) => seen.warnings.push(String(message)) };
  return { seen, observer, log };
}

describe("remote workers' reports", () => {
  it("carry what people wait for, and refuse a notice that does not check out", () => {
    const { queue, send } = reportingQueue();
    const { seen, observer, log } = recorder();
    observeRemoteReports(queue, observer, log);
    const notice: AttentionEvent = {
      kind: "merge-retry",
      repo: "zeromq/libzmq",
      number: 12,
      installation: 7,
      isPrivate: true,
      text: "merge failed: GitHub answered 502; retrying at 03:00:30 UTC",
      details: ["502 Bad Gateway"],
      until: "2026-11-27T03:00:30.000Z",
      at: verdict.at,
    };
    const remote = reportingObserver(send);
    remote.attention?.(notice);
    remote.attention?.({ ...notice, kind: "installation-gone", cleared: true });
    send(reportTopics.attention, { ...notice, kind: "whatever" });
    expect(seen.attention).toEqual([
      notice,
      { ...notice, kind: "installation-gone", cleared: true },
    ]);
    expect(seen.warnings).toEqual(["bad worker report dropped"]);
  });

  it("carry a remote worker's verdicts and merges, intact, to serve's observer", () => {
    const { queue, send } = reportingQueue();
    const { seen, observer, log } = recorder();
    observeRemoteReports(queue, observer, log);
    const remote = reportingObserver(send);
    remote.verdict?.(verdict);
    remote.merged?.(merge);
    remote.merged?.({ ...merge, forced: "maintainer said /c4 merge" });
    const requests: GitHubRequestSeen[] = [
      {
        method: "GET",
        route: "/repos/{owner}/{repo}",
        status: 200,
        rateLimitRemaining: 4999,
        rateLimitResource: "core",
      },
      { method: "POST", route: "/graphql", status: 0 },
    ];
    for (const request of requests) reportingRequests(send)(request);
    expect(seen.verdicts).toEqual([verdict]);
    expect(seen.merges).toEqual([merge, { ...merge, forced: "maintainer said /c4 merge" }]);
    expect(seen.requests).toEqual(requests);
    expect(seen.warnings).toEqual([]);
  });

  it("drops, with a warning, what does not check out or has an unknown topic", () => {
    const { queue, send } = reportingQueue();
    const { seen, observer, log } = recorder();
    observeRemoteReports(queue, observer, log);
    send(reportTopics.verdict, { ...verdict, number: "12" });
    send(reportTopics.verdict, { ...verdict, verdict: { ...verdict.verdict, decision: "maybe" } });
    send(reportTopics.verdict, {
      ...verdict,
      verdict: { ...verdict.verdict, results: [{ rule: "no-such-rule" }] },
    });
    send(reportTopics.merged, { ...merge, at: "yesterday" });
    send(reportTopics.merged, null);
    send(reportTopics.githubRequest, { method: "GET", route: "/x", status: "200" });
    send(reportTopics.githubRequest, { method: "GET", route: "x".repeat(301), status: 200 });
    send("c4bot.unknown", {});
    expect(seen.verdicts).toEqual([]);
    expect(seen.merges).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.warnings).toEqual([
      ...Array(7).fill("bad worker report dropped"),
      "worker report of an unknown topic dropped",
    ]);
  });

  it("leaves a queue without remote workers alone", () => {
    const { observer, log } = recorder();
    expect(() => observeRemoteReports(new LocalQueue(), observer, log)).not.toThrow();
  });
});
