import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quoteForRunnerLog } from "../../src/cli/action.ts";
import { installationToken } from "../community/community-helpers.ts";
import { goodCommit, REPO, startWorld, type World } from "../e2e/world.ts";

const root = new URL("../..", import.meta.url).pathname;
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, unknown>[];
}[];

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: { run: string; env?: Record<string, string> }[] };
}
const actionYml = parse(readFileSync(join(root, "action.yml"), "utf8")) as ActionYml;

/** A webhook example from GitHub's published ones, pointed at `number` of zeromq/libzmq. */
function eventPayload(name: "pull_request" | "merge_group", number: number) {
  const found = examples.find((entry) => entry.name === name)?.examples[0];
  const payload = structuredClone(found) as Record<string, unknown>;
  payload.repository = {
    ...(payload.repository as object),
    name: "libzmq",
    owner: { login: "zeromq" },
  };
  if (name === "pull_request") {
    payload.pull_request = { ...(payload.pull_request as object), number };
  } else {
    const group = payload.merge_group as Record<string, unknown>;
    group.head_ref = `refs/heads/gh-readonly-queue/master/pr-${number}-${"a".repeat(40)}`;
  }
  return payload;
}

describe("quoteForRunnerLog", () => {
  it("turns the runner's workflow commands off around the patch's text, and drops control characters", () => {
    const logged = quoteForRunnerLog("✗ commit-message\n::add-mask::secret\u001b[2J\nend");
    const [first, ...rest] = logged.trimEnd().split("\n");
    const token = /^::stop-commands::([0-9a-f-]{36})$/.exec(first ?? "")?.[1];
    expect(token).toBeDefined();
    expect(rest).toEqual(["✗ commit-message", "::add-mask::secret[2J", "end", `::${token}::`]);
  });
});

/*
 *  test ──event file, GITHUB_*──▶ bash -c <action.yml's step> ──▶ node dist/action.js
 *                                                  │ GraphQL read (GITHUB_TOKEN)
 *                                                  ▼
 *                                              simulator ◀── the App (dry run) judges the same PR
 */
describe("c4bot as a GitHub Action (action.yml, dist/action.js)", () => {
  let world: World;
  let token: string;
  const dir = mkdtempSync(join(tmpdir(), "c4bot-action-"));

  beforeAll(async () => {
    world = await startWorld();
    // Dry run: the App judges and writes its check run, and leaves the PR open for the Action.
    world.sim.createRepo({
      owner: "zeromq",
      name: "libzmq",
      maintainers: ["pieter"],
      config: "mode: dry-run\n",
    });
    await world.settle();
    token = await installationToken(world);
  });
  afterAll(async () => {
    expect(world.sim.violations()).toEqual([]);
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the action's last step as a runner would, with the inputs' defaults unless given. */
  async function runAction(
    event: "pull_request" | "merge_group" | "push",
    number: number,
    inputs: Record<string, string> = {},
  ) {
    const step = actionYml.runs.steps.at(-1);
    if (!step) throw new Error("action.yml has no steps");
    const eventPath = join(dir, `event-${number}-${event}.json`);
    const summaryPath = join(dir, `summary-${number}-${event}-${Date.now()}.md`);
    writeFileSync(
      eventPath,
      JSON.stringify(eventPayload(event === "push" ? "pull_request" : event, number)),
    );
    writeFileSync(summaryPath, "");
    const input = (name: string) => inputs[name] ?? actionYml.inputs[name]?.default ?? "";
    const env = {
      PATH: process.env.PATH,
      C4BOT_TEST_RUN: process.env.C4BOT_TEST_RUN,
      GITHUB_ACTION_PATH: root,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: world.sim.apiUrl,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_JOB: "c4",
      INPUT_CONFIG: input("config"),
      INPUT_MODE: input("mode"),
      GITHUB_TOKEN: token,
    };
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        // As a runner runs a `shell: bash` step.
        const script = join(dir, `step-${number}-${event}.sh`);
        writeFileSync(script, step.run);
        const bash = ["--noprofile", "--norc", "-eo", "pipefail", script];
        execFile("bash", bash, { env, encoding: "utf8" }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 2) : 0, stdout, stderr }),
        );
      },
    );
    return { ...result, summary: readFileSync(summaryPath, "utf8") };
  }

  it("is a composite action whose inputs reach the entry as the runner's INPUT_ variables", () => {
    expect(actionYml.runs.using).toBe("composite");
    const step = actionYml.runs.steps.at(-1);
    expect(step?.run).toBe('node "$GITHUB_ACTION_PATH/dist/action.js"');
    // GitHub's expressions, `${{ inputs.NAME }}`: a composite action gets no INPUT_ variables itself.
    const expression = (input: string) => `\${{ inputs.${input} }}`;
    expect(step?.env).toMatchObject({
      INPUT_CONFIG: expression("config"),
      INPUT_MODE: expression("mode"),
      GITHUB_TOKEN: expression("token"),
    });
  });

  it("loads no native module, so `npm ci --ignore-scripts` installs enough", () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      // Type-only imports vanish from the build; every other one is loaded.
      for (const [, typeOnly, from] of text.matchAll(/^import (type )?[^;]*? from "([^"]+)";/gms)) {
        if (typeOnly || !from) continue;
        if (from.startsWith(".")) walk(join(file, "..", from));
        else
          packages.add(
            from
              .split("/")
              .slice(0, from.startsWith("@") ? 2 : 1)
              .join("/"),
          );
      }
    };
    walk(join(root, "src/action.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect([...packages]).not.toContain("zeromq");
    expect([...packages]).not.toContain("better-sqlite3");
  });

  it.each([
    { name: "a correct patch", spec: {}, code: 0, conclusion: "success" },
    {
      name: "a bad commit message",
      spec: { commits: [{ message: "fix the parser" }] },
      code: 1,
      conclusion: "failure",
    },
  ])("agrees with the App on $name", async ({ spec, code, conclusion }) => {
    const { number, headSha } = world.openPull(spec);
    await world.settle();
    const run = world.c4Run(headSha);
    expect(run?.conclusion).toBe(conclusion);

    const action = await runAction("pull_request", number);
    expect(action.stderr).toBe("");
    expect(action.code).toBe(code);
    // The same text as the App's check run: the verdict, every rule line, the fixes.
    expect(action.summary).toContain(run?.output.summary ?? "(no check run)");
    expect(action.summary).toMatch(new RegExp(`^## C4 on ${REPO}#${number}: `));
    expect(world.pull(REPO, number).merged).toBe(false);
  });

  it("fails the job while CI runs, as the App waits", async () => {
    const { number, headSha } = world.openPull();
    world.sim.setCheck({ repo: REPO, sha: headSha, name: "build", status: "in_progress" });
    await world.settle();
    expect(world.c4Run(headSha)?.status).toBe("in_progress");
    const waiting = await runAction("pull_request", number);
    expect(waiting.code).toBe(1);
    expect(waiting.summary).toContain(world.c4Run(headSha)?.output.summary ?? "(none)");
    expect(waiting.stdout).toContain("ci-green");
  });

  it("does not wait for the job it runs in (GITHUB_JOB)", async () => {
    const { number, headSha } = world.openPull();
    world.sim.setCheck({
      repo: REPO,
      sha: headSha,
      name: "c4",
      status: "in_progress",
      app: "github-actions",
    });
    await world.settle();
    const own = await runAction("pull_request", number);
    expect(own.summary).not.toContain('"c4"');
    expect(own.code).toBe(0);
  });

  it("judges the pull request at the tip of a merge queue's group", async () => {
    const { number } = world.openPull({ commits: [{ message: "wip" }] });
    await world.settle();
    const action = await runAction("merge_group", number);
    expect(action.code).toBe(1);
    expect(action.summary).toContain("commit-message");
  });

  it("only reports in mode report, and reads the config the input names", async () => {
    const { number } = world.openPull({ commits: [{ message: "wip" }] });
    await world.settle();
    expect((await runAction("pull_request", number, { mode: "report" })).code).toBe(0);
    world.sim.pushToBranch({
      repo: REPO,
      pusher: "pieter",
      commits: [
        { ...goodCommit, files: { ".github/c4-action.yml": "rules:\n  commit-message: off\n" } },
      ],
    });
    await world.settle();
    const relaxed = await runAction("pull_request", number, { config: ".github/c4-action.yml" });
    expect(relaxed.code).toBe(0);
  });

  it("refuses an event it does not handle with one line and exit 2", async () => {
    const action = await runAction("push", 1);
    expect(action.code).toBe(2);
    expect(action.stderr).toBe(
      "c4bot action: runs on pull_request and merge_group events, not push\n",
    );
  });
});
