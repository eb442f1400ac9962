import type { GitHubSimulator } from "./github-simulator.ts";

export const DEMO_REPO = "zeromq/libzmq";

/** One pull request of the demo, and what a correct bot does with it. */
export interface DemoPull {
  number: number;
  headSha: string;
  story: string;
  /** Whether c4bot should have merged it once the demo has played out. */
  merges: boolean;
}

export interface Demo {
  pulls: DemoPull[];
  /** Later moves of the world (CI finishing, a review), played after the first verdicts. */
  later: { says: string; run(): void }[];
}

const correct = (problem: string, solution: string) => ({
  message: `Problem: ${problem}\n\nSolution: ${solution}`,
});

/**
 * The demo's public header, written for it in libzmq's layout: stable
 * declarations, then a draft block. `withShutdown: false` is the header of a
 * patch that removes a stable function (C4 2.6.3: a break).
 */
function zmqHeader(withShutdown: boolean): string {
  return [
    "#ifndef __ZMQ_H_INCLUDED__",
    "#define __ZMQ_H_INCLUDED__",
    "",
    "#define ZMQ_VERSION_MAJOR 4",
    "",
    "/*  Context: one per process. */",
    "ZMQ_EXPORT void *zmq_ctx_new (void);",
    "ZMQ_EXPORT int zmq_ctx_term (void *context_);",
    ...(withShutdown ? ["ZMQ_EXPORT int zmq_ctx_shutdown (void *context_);"] : []),
    "",
    "#ifdef ZMQ_BUILD_DRAFT_API",
    "/*  Draft socket types: may change until they are made stable. */",
    "#define ZMQ_SERVER 12",
    "#define ZMQ_CLIENT 13",
    "ZMQ_EXPORT int zmq_join (void *s_, const char *group_);",
    "#endif",
    "",
    "#endif",
    "",
  ].join("\n");
}

/**
 * Seeds the simulator with a small C4 project and pull requests that show
 * each kind of verdict: a correct patch, a bad commit message, a topic-branch
 * patch, a maintainer's own patch (on which his own `/c4 merge` is refused),
 * a patch whose CI is still running, a draft (a neutral check), and a patch
 * that removes a stable function from the public header (held: C4 2.6.3).
 */
export function seedDemo(sim: GitHubSimulator): Demo {
  sim.createRepo({
    owner: "zeromq",
    name: "libzmq",
    maintainers: ["pieter", "luca"],
    files: { "include/zmq.h": zmqHeader(true) },
  });
  sim.pushToBranch({
    repo: DEMO_REPO,
    branch: "develop",
    pusher: "pieter",
    commits: [correct("no branch for experiments", "add develop")],
  });
  const issue = sim.openIssue({
    repo: DEMO_REPO,
    author: "frank",
    title: "zmq_send drops the last frame on a full pipe",
    body: "Sending 3 frames when the pipe is full loses the third.",
  });

  const pulls: DemoPull[] = [];
  const open = (
    story: string,
    merges: boolean,
    spec: Parameters<GitHubSimulator["openPull"]>[0],
  ) => {
    pulls.push({ ...sim.openPull(spec), story, merges });
    return pulls[pulls.length - 1] as DemoPull;
  };
  const ciPasses = (pull: DemoPull) =>
    sim.setCheck({
      repo: DEMO_REPO,
      sha: pull.headSha,
      name: "build",
      status: "completed",
      conclusion: "success",
    });
  open("a correct patch from a fork, fixing an issue", true, {
    repo: DEMO_REPO,
    author: "alice",
    title: "Problem: zmq_send drops the last frame",
    body: `Fixes #${issue.number}`,
    commits: [correct("zmq_send drops the last frame", "flush the pipe before the last frame.")],
  });
  open("a patch whose commit message is not in C4 form", false, {
    repo: DEMO_REPO,
    author: "bob",
    title: "Fix typo in README",
    body: "Problem: the README misspells 'socket'.",
    commits: [{ message: "fixed typo" }],
  });
  open("a patch aimed at a topic branch", false, {
    repo: DEMO_REPO,
    author: "carol",
    base: "develop",
    title: "Problem: no IPv6 test",
    body: "Problem: IPv6 is untested.",
    commits: [correct("IPv6 is untested", "add a test over ::1.")],
  });
  const own = open("a maintainer's own patch: it waits for another maintainer", true, {
    repo: DEMO_REPO,
    author: "pieter",
    title: "Problem: the build warns on gcc 14",
    body: "Problem: gcc 14 warns about an unused variable.",
    commits: [correct("gcc 14 warns on unused var", "remove it.")],
  });
  const ci = open("a correct patch whose CI is still running", true, {
    repo: DEMO_REPO,
    author: "dave",
    title: "Problem: zmq_poll ignores a zero timeout",
    body: "Problem: zmq_poll blocks when given a timeout of 0.",
    commits: [correct("zmq_poll ignores a zero timeout", "return at once.")],
  });
  sim.setCheck({ repo: DEMO_REPO, sha: ci.headSha, name: "build", status: "in_progress" });
  // The project's CI has passed on the other patches: with CI in the project,
  // a patch with no check yet would wait for one (C4 2.3.6, docs/rules.md).
  for (const pull of pulls) {
    if (pull !== ci) ciPasses(pull);
  }
  // An idea rather than an observed problem: c4bot asks for the problem (C4 2.4.3, 2.4.5).
  sim.openIssue({
    repo: DEMO_REPO,
    author: "erin",
    title: "Add a WebSocket transport",
    body: "It would be nice to have ws:// endpoints.",
  });
  open("a draft: a neutral check lists what would block once it is ready", false, {
    repo: DEMO_REPO,
    author: "grace",
    draft: true,
    title: "WIP: faster zmq_msg_copy",
    body: "Not finished: the benchmark is still to come.",
    commits: [{ message: "wip" }],
  });
  const breaking = open("a patch that removes a stable function: held as a break", false, {
    repo: DEMO_REPO,
    author: "heidi",
    title: "Problem: zmq_ctx_shutdown duplicates zmq_ctx_term",
    body: "Problem: two calls do nearly the same thing.",
    commits: [
      {
        ...correct("zmq_ctx_shutdown duplicates term", "remove zmq_ctx_shutdown."),
        files: { "include/zmq.h": zmqHeader(false) },
      },
    ],
  });
  ciPasses(breaking);

  return {
    pulls,
    later: [
      {
        says: `CI finishes green on #${ci.number}`,
        run: () => ciPasses(ci),
      },
      {
        says: `pieter asks \`/c4 merge\` on his own #${own.number}: refused (C4 2.4.13)`,
        run: () =>
          sim.addComment({
            repo: DEMO_REPO,
            number: own.number,
            author: "pieter",
            body: "/c4 merge nobody is around",
          }),
      },
      {
        says: `luca approves pieter's #${own.number}`,
        run: () =>
          sim.submitReview({
            repo: DEMO_REPO,
            number: own.number,
            author: "luca",
            state: "APPROVED",
          }),
      },
      {
        says: "pieter publishes release v4.3.5 with no notes",
        run: () => {
          sim.publishRelease({ repo: DEMO_REPO, tag: "v4.3.5", author: "pieter" });
        },
      },
    ],
  };
}
