import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { contractCommand } from "../cli/contract.ts";
import type { CliIo } from "../cli/io.ts";
import { readBlobs } from "../cli/read-blobs.ts";
import { runGit } from "../cli/run-git.ts";
import { metric } from "./bench-report.ts";
import type { Scenario } from "./scenario.ts";

/** libzmq-sized inputs, as issue 19 asks: one 3,000-line header and 60 models. */
const HEADER_LINES = 3_000;
const MODELS = 60;

/**
 * `c4bot contract` between two revisions of a libzmq-sized checkout: the
 * time beyond git's own (two ls-tree and one cat-file --batch of every
 * contract file). Samples alternate git alone (a) and the whole command (b).
 */
export const contractScenario: Scenario = {
  name: "contract",
  description: `c4bot contract on a ${HEADER_LINES}-line header and ${MODELS} api/*.api models`,
  async run({ progress, samples }) {
    const dir = makeContractRepo();
    try {
      await gitSeconds(dir);
      await contractSeconds(dir);
      const git: number[] = [];
      const total: number[] = [];
      const beyond: number[] = [];
      for (let i = 0; i < samples; i++) {
        const a = await gitSeconds(dir);
        const b = await contractSeconds(dir);
        git.push(a);
        total.push(b);
        beyond.push(Math.max(0, (b - a) * 1000));
        progress(
          `contract: sample ${i + 1}/${samples}: git ${a.toFixed(3)} s, contract ${b.toFixed(3)} s`,
        );
      }
      return [
        metric("contract.beyond_git_ms", "ms", "lower", beyond),
        metric("contract.git_seconds", "s", "lower", git),
        metric("contract.total_seconds", "s", "lower", total),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function git(dir: string, ...args: string[]): void {
  execFileSync("git", args, {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    stdio: "ignore",
  });
}

/** Two commits: `base`, and `head` with a draft added, a stable define removed, a model changed. */
export function makeContractRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), "c4bot-bench-contract-"));
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "config", "user.name", "Bench");
  git(dir, "config", "user.email", "bench@example.org");
  const write = (header: string, models: string[]) => {
    mkdirSync(join(dir, "include"), { recursive: true });
    mkdirSync(join(dir, "api"), { recursive: true });
    writeFileSync(join(dir, "include/zmq.h"), header);
    models.forEach((text, i) => {
      writeFileSync(join(dir, `api/zclass${i}.api`), text);
    });
    git(dir, "add", "-A");
    git(dir, "commit", "--quiet", "-m", "Problem: bench\n\nSolution: bench");
  };
  const models = Array.from({ length: MODELS }, (_, i) => model(i));
  write(header(), models);
  git(dir, "tag", "base");
  models[7] = (models[7] as string).replace('type = "integer"', 'type = "string"');
  write(
    header()
      .replace("#define ZMQ_OPT_10 10\n", "")
      .replace("#endif // DRAFT", "#define ZMQ_NEW 1\n#endif // DRAFT"),
    models,
  );
  git(dir, "tag", "head");
  return dir;
}

function header(): string {
  const lines = ["#ifndef __ZMQ_H_INCLUDED__", "#define __ZMQ_H_INCLUDED__"];
  let i = 0;
  while (lines.length < HEADER_LINES - 400) {
    lines.push(`/*  Option ${i}: what it does, in a comment a reflow may move. */`);
    lines.push(`#define ZMQ_OPT_${i} ${i}`);
    lines.push(`ZMQ_EXPORT int zmq_fn_${i} (void *socket_, const char *name_, size_t size_);`);
    lines.push("");
    i++;
  }
  lines.push(
    "typedef enum {",
    ...Array.from({ length: 300 }, (_, k) => `  ZMQ_E_${k},`),
    "} zmq_e_t;",
  );
  lines.push("#ifdef ZMQ_BUILD_DRAFT_API");
  for (let k = 0; k < 90; k++) lines.push(`ZMQ_EXPORT int zmq_draft_${k} (void *s_, int v_);`);
  lines.push("#endif // DRAFT", "#endif");
  return `${lines.join("\n")}\n`;
}

function model(n: number): string {
  const methods = Array.from(
    { length: 20 },
    (_, k) => `    <method name = "do thing ${k}"${k % 5 === 0 ? ' state = "draft"' : ""}>
        Does thing ${k}, documented at some length.
        <argument name = "value" type = "integer" />
        <return type = "integer" />
    </method>`,
  );
  return `<class name = "zclass${n}" state = "stable">\n    A class.\n    <constructor />\n    <destructor />\n${methods.join("\n")}\n</class>\n`;
}

/** (a): git alone, the same reads the command makes. */
async function gitSeconds(dir: string): Promise<number> {
  const start = performance.now();
  const [base, head] = await Promise.all([
    runGit(dir, ["ls-tree", "-r", "-z", "--name-only", "base^{tree}"]),
    runGit(dir, ["ls-tree", "-r", "-z", "--name-only", "head^{tree}"]),
  ]);
  const objects = [
    ...base.stdout
      .split("\0")
      .filter(Boolean)
      .map((path) => `base:${path}`),
    ...head.stdout
      .split("\0")
      .filter(Boolean)
      .map((path) => `head:${path}`),
  ];
  await readBlobs(dir, objects);
  return (performance.now() - start) / 1000;
}

/** (b): the whole `c4bot contract --base base --head head --format json` in-process. */
async function contractSeconds(dir: string): Promise<number> {
  let output = "";
  const io: CliIo = {
    cwd: dir,
    stdout: (text) => {
      output += text;
    },
    stderr: () => {},
    env: {},
    isTTY: false,
  };
  const start = performance.now();
  const code = await contractCommand.run(
    ["--base", "base", "--head", "head", "--format", "json"],
    io,
  );
  const elapsed = (performance.now() - start) / 1000;
  // The head removes a stable define on purpose: anything but "breaking" is a broken run.
  if (code !== 1 || !output.includes('"stable-removed"')) {
    throw new Error(`c4bot contract exited ${code} on the bench repo`);
  }
  return elapsed;
}
