import type { FastifyInstance } from "fastify";
import type { GitHubSimulator } from "./github-simulator.ts";

/**
 * The simulator's "web" addresses, those its REST answers give as
 * `html_url` (`/{owner}/{repo}`, `/{owner}/{repo}/pull/{number}`): where a
 * link on c4bot's dashboard lands in the sandbox. GitHub shows an HTML page
 * there; the simulator shows what it holds, as JSON: the repository with its
 * open pull requests, or the pull request with its check runs, statuses,
 * reviews and comments.
 */
export function registerWebPages(server: FastifyInstance, sim: GitHubSimulator): void {
  server.get("/:owner/:repo", async (request, reply) => {
    const { owner, repo } = request.params as { owner: string; repo: string };
    const state = sim.state();
    const found = state.repos.find((entry) => same(entry.fullName, `${owner}/${repo}`));
    if (!found) return reply.code(404).send({ message: "Not Found" });
    return {
      ...found,
      openPulls: state.pulls.filter(
        (pull) => same(pull.repo, found.fullName) && pull.state === "open",
      ),
    };
  });
  server.get("/:owner/:repo/pull/:number", async (request, reply) => {
    const { owner, repo, number } = request.params as Record<string, string>;
    const state = sim.state();
    const pull = state.pulls.find(
      (entry) => same(entry.repo, `${owner}/${repo}`) && entry.number === Number(number),
    );
    if (!pull) return reply.code(404).send({ message: "Not Found" });
    const onHead = <T extends { headSha?: string; sha?: string }>(items: T[]) =>
      items.filter((item) => (item.headSha ?? item.sha) === pull.headSha);
    return {
      ...pull,
      checkRuns: onHead(state.checkRuns),
      statuses: onHead(state.statuses),
      reviews: state.reviews.filter(
        (review) => review.repo === pull.repo && review.number === pull.number,
      ),
      comments: state.comments.filter(
        (comment) => comment.repo === pull.repo && comment.number === pull.number,
      ),
    };
  });
}

/** GitHub's names are case-insensitive. */
function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
