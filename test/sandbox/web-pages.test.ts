import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GitHubSimulator } from "../../src/sandbox/github-simulator.ts";

/** The addresses the simulator gives as `html_url`, where the dashboard's links land in the sandbox. */
describe("the simulator's web pages", () => {
  const sim = new GitHubSimulator();
  let url: string;
  let number: number;

  beforeAll(async () => {
    url = await sim.start();
    sim.createRepo({ owner: "zeromq", name: "libzmq", maintainers: ["pieter"] });
    ({ number } = sim.openPull({
      repo: "zeromq/libzmq",
      author: "alice",
      title: "Problem: x",
      commits: [{ message: "Problem: x\n\nSolution: y." }],
    }));
    sim.addComment({ repo: "zeromq/libzmq", number, author: "bob", body: "looks fine" });
  });
  afterAll(() => sim.close());

  it("shows a pull request with its comments, whatever the case of its name", async () => {
    const response = await fetch(`${url}/ZeroMQ/libzmq/pull/${number}`);
    expect(response.status).toBe(200);
    const pull = (await response.json()) as Record<string, unknown>;
    expect(pull).toMatchObject({ repo: "zeromq/libzmq", number, title: "Problem: x" });
    expect(pull.comments).toMatchObject([{ author: "bob", body: "looks fine" }]);
  });

  it("shows a repository with its open pull requests", async () => {
    const repo = (await (await fetch(`${url}/zeromq/libzmq`)).json()) as Record<string, unknown>;
    expect(repo.fullName).toBe("zeromq/libzmq");
    expect(repo.openPulls).toMatchObject([{ number }]);
  });

  it("answers 404 for what it does not hold", async () => {
    expect((await fetch(`${url}/zeromq/nothing`)).status).toBe(404);
    expect((await fetch(`${url}/zeromq/libzmq/pull/999`)).status).toBe(404);
  });
});
