import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { CORE_NODE_FLAGS } from "../../src/core/gc-tuning.ts";

/*
 * What the image is from the Dockerfile's own text, and its production
 * install (the `deps` stage) replayed in a clean directory, then the built
 * CLI run from it: quick, and where no podman is. image.e2e.test.ts builds
 * and runs the image itself.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");

interface Instruction {
  stage: string;
  name: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped, with their stage. */
function parse(text: string): Instruction[] {
  const logical = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  let stage = "";
  return logical.map((line) => {
    const [name = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (name.toUpperCase() === "FROM") stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? "";
    return { stage, name: name.toUpperCase(), args };
  });
}

const instructions = parse(dockerfile);
const inStage = (stage: string, name: string) =>
  instructions.filter((i) => i.stage === stage && i.name === name);
const last = (name: string) => instructions.filter((i) => i.name === name).at(-1);
const json = (args: string | undefined) => JSON.parse(args ?? "null") as string[];

describe("the Dockerfile", () => {
  it("has three stages on one slim Debian Node 20 image (glibc for zeromq's binary)", () => {
    const froms = instructions.filter((i) => i.name === "FROM");
    expect(froms.map((i) => i.stage)).toEqual(["build", "deps", "run"]);
    for (const from of froms) {
      expect(from.args).toMatch(/^node:20-bookworm-slim AS /);
    }
  });

  it("builds with the dev dependencies and runs with the production ones", () => {
    const buildRuns = inStage("build", "RUN").map((i) => i.args);
    expect(buildRuns).toContain("npm ci --ignore-scripts");
    expect(buildRuns).toContain("npm run build");
    // The tools stay out of the image.
    expect(buildRuns).toContain("rm -rf dist/sandbox dist/bench");
    const depsRun = inStage("deps", "RUN")
      .map((i) => i.args)
      .join(" && ");
    expect(depsRun).toContain("npm ci --omit=dev");
    expect(depsRun).toContain("npm rebuild better-sqlite3");
    const copies = inStage("run", "COPY").map((i) => i.args);
    expect(copies).toContain("--from=deps /app/node_modules ./node_modules");
    expect(copies).toContain("--from=build /src/dist ./dist");
    // Nothing in the final stage installs packages: no compiler, no dev dependency.
    expect(
      inStage("run", "RUN")
        .map((i) => i.args)
        .join(" "),
    ).not.toMatch(/npm (ci|install)/);
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"));
    for (const copy of instructions.filter(
      (i) => i.name === "COPY" && !i.args.startsWith("--from"),
    )) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(join(root, source)), `${source} exists`).toBe(true);
        expect(ignored, `${source} is not in .dockerignore`).not.toContain(source);
      }
    }
  });

  it("runs as a non-root user, with a data volume, a port, a health check and `c4bot serve`", () => {
    const runStage = instructions.filter((i) => i.stage === "run");
    const user = runStage.filter((i) => i.name === "USER").at(-1)?.args;
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    // USER comes before the command, so the process never runs as root.
    expect(runStage.findIndex((i) => i.name === "USER")).toBeLessThan(
      runStage.findIndex((i) => i.name === "CMD"),
    );

    const env = runStage
      .filter((i) => i.name === "ENV")
      .map((i) => i.args)
      .join(" ");
    const dataDir = /C4BOT_DATA_DIR=(\S+)/.exec(env)?.[1];
    const port = /PORT=(\d+)/.exec(env)?.[1];
    expect(dataDir).toBe("/data");
    expect(json(last("VOLUME")?.args)).toContain(dataDir);
    expect(last("EXPOSE")?.args.split(/\s+/)).toContain(port);

    const health = last("HEALTHCHECK")?.args ?? "";
    expect(health).toMatch(/--interval=\d+s/);
    expect(health).toContain("/healthz");
    expect(json(last("ENTRYPOINT")?.args)).toEqual(["node", ...CORE_NODE_FLAGS, "dist/cli.js"]);
    expect(json(last("CMD")?.args)).toEqual(["serve"]);
  });
});

describe("the image's production install, replayed from a clean copy", () => {
  const dir = mkdtempSync(join(tmpdir(), "c4bot-image-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (command: string, args: string[], env: Record<string, string> = {}) => {
    const result = spawnSync(command, args, {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...env },
      timeout: 600_000,
    });
    return { ...result, output: `${result.stdout}\n${result.stderr}` };
  };

  it("installs the production dependencies as the deps stage does, and `c4bot --help` runs", () => {
    expect(existsSync(join(root, "dist/cli.js")), "run `npm run build` first").toBe(true);
    for (const file of ["package.json", "package-lock.json", "app.yml", "LICENSE"]) {
      cpSync(join(root, file), join(dir, file));
    }
    // The deps stage's commands, as written, less the cache cleaning (which
    // would empty this machine's npm cache). Offline-friendly: prefer the
    // cache, and build better-sqlite3 from source rather than download it.
    const steps = inStage("deps", "RUN")
      .at(-1)
      ?.args.split("&&")
      .map((command) => command.trim());
    const commands = steps?.filter(
      (command) => command.startsWith("npm ") && !command.startsWith("npm cache"),
    );
    expect(commands).toEqual(["npm ci --omit=dev --ignore-scripts", "npm rebuild better-sqlite3"]);
    for (const command of commands ?? []) {
      const args = command.split(/\s+/).slice(1);
      if (args[0] === "ci") args.push("--prefer-offline", "--no-audit", "--no-fund");
      const result = run("npm", args, { npm_config_build_from_source: "true" });
      expect(result.status, `${command}:\n${result.output.slice(-4000)}`).toBe(0);
    }
    // Then the stage's pruning, as written: the smoke test below shows that
    // nothing it removes is loaded.
    const pruned = (steps?.find((command) => command.startsWith("rm -rf ")) ?? "")
      .split(/\s+/)
      .slice(2);
    expect(pruned).toContain("node_modules/better-sqlite3/deps");
    for (const path of pruned) {
      expect(path, "the pruning stays in node_modules").toMatch(/^node_modules\/[^.]/);
      rmSync(join(dir, path), { recursive: true, force: true });
    }
    // Production only: no dev dependency came along.
    expect(existsSync(join(dir, "node_modules/typescript"))).toBe(false);
    expect(existsSync(join(dir, "node_modules/vitest"))).toBe(false);

    // dist as the build stage leaves it: without the tools it removes.
    const tools = (inStage("build", "RUN").find((i) => i.args.startsWith("rm -rf"))?.args ?? "")
      .split(/\s+/)
      .slice(2);
    expect(tools).toEqual(["dist/sandbox", "dist/bench"]);
    cpSync(join(root, "dist"), join(dir, "dist"), {
      recursive: true,
      filter: (source) => !tools.some((path) => source.startsWith(join(root, path))),
    });
    expect(existsSync(join(dir, "dist/bench"))).toBe(false);
    const help = run(process.execPath, ["dist/cli.js", "--help"]);
    expect(help.status, help.output).toBe(0);
    expect(help.stdout).toContain("serve");
    for (const command of ["serve", "worker"]) {
      const usage = run(process.execPath, ["dist/cli.js", command, "--help"]);
      expect(usage.status, usage.output).toBe(0);
    }
    // The tools say they are not there, in one line, with no stack trace.
    for (const [command, words] of [
      [["bench", "run"], "the benchmarks are not in this installation"],
      [["sandbox", "--once"], "the GitHub simulator is not in this installation"],
    ] as const) {
      const tool = run(process.execPath, ["dist/cli.js", ...command]);
      expect(tool.status, tool.output).toBe(2);
      expect(tool.stderr).toContain(words);
      expect(tool.stderr).not.toMatch(/\n\s+at /);
    }

    // The native modules load from the production tree: SQLite keeps a
    // verdict across a reopen, and zeromq makes a socket.
    const smoke = run(process.execPath, [
      "--input-type=module",
      "-e",
      `
        const { HistoryStore } = await import("./dist/history/history-store.js");
        const zmq = await import("zeromq");
        const store = new HistoryStore({ dataDir: "data" });
        store.recordMerge({ repo: "a/b", number: 1, sha: "s", at: new Date().toISOString() });
        store.close();
        const again = new HistoryStore({ dataDir: "data" });
        const merges = again.recentMerges({ includePrivate: true }).length;
        again.close();
        const socket = new zmq.Dealer();
        socket.close();
        console.log("smoke", merges);
        `,
    ]);
    expect(smoke.status, smoke.output).toBe(0);
    expect(smoke.stdout.trim()).toBe("smoke 1");
  }, 900_000);
});
