import { execFileSync, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { metric } from "./bench-report.ts";
import type { ContractProbeResult } from "./contract-probe.ts";
import type { Scenario } from "./scenario.ts";

/** libzmq-sized inputs, as issue 19 asks: one 3,000-line header and 60 models. */
const HEADER_LINES = 3_000;
const MODELS = 60;
/** Issue 19's target for `c4bot contract` beyond git's own time. */
const LIMIT_MS = 100;

// Run from the TypeScript sources (vitest), fork the build: Node 20 runs no
// TypeScript, and `npm test` builds before it tests.
const probeScript = fileURLToPath(
  new URL(
    import.meta.url.endsWith(".ts") ? "../../dist/bench/contract-probe.js" : "./contract-probe.js",
    import.meta.url,
  ),
);

/**
 * `c4bot contract` between two revisions of a libzmq-sized checkout, each run
 * in a fresh process (contract-probe.ts), as a person runs it: `typical` is a
 * pull request that changes the header and one model, `worst` one that
 * changes every contract file. Figures are the command's time beyond git's
 * own reads, and that as a ratio of the 100 ms limit.
 */
export const contractScenario: Scenario = {
  name: "contract",
  description: `c4bot contract on a ${HEADER_LINES}-line header and ${MODELS} api/*.api models, typical and worst case`,
  async run({ progress, samples }) {
    const dir = makeContractRepo();
    try {
      const runs: Record<Revision, Record<ProbeMode, ContractProbeResult[]>> = {
        typical: { command: [], compare: [] },
        worst: { command: [], compare: [] },
      };
      for (let i = 0; i < samples; i++) {
        for (const revision of REVISIONS) {
          for (const mode of ["command", "compare"] as const) {
            const result = await probe(dir, revision, mode);
            runs[revision][mode].push(result);
            const git = mode === "command" ? `, git ${result.gitMs.toFixed(0)} ms` : "";
            progress(
              `contract: sample ${i + 1}/${samples} ${revision} ${mode}: ${result.commandMs.toFixed(0)} ms${git}, start ${result.startMs.toFixed(0)} ms`,
            );
          }
        }
      }
      const beyond = (result: ContractProbeResult) => Math.max(0, result.commandMs - result.gitMs);
      return REVISIONS.flatMap((revision) => {
        const { command, compare } = runs[revision];
        return [
          metric(`contract.${revision}.beyond_git_ms`, "ms", "lower", command.map(beyond)),
          metric(
            `contract.${revision}.vs_limit`,
            "ratio",
            "lower",
            command.map((run) => beyond(run) / LIMIT_MS),
          ),
          metric(
            `contract.${revision}.compare_ms`,
            "ms",
            "lower",
            compare.map((run) => run.commandMs),
          ),
          metric(
            `contract.${revision}.git_ms`,
            "ms",
            "lower",
            command.map((run) => run.gitMs),
          ),
          metric(
            `contract.${revision}.start_ms`,
            "ms",
            "lower",
            command.map((run) => run.startMs),
          ),
        ];
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const REVISIONS = ["typical", "worst"] as const;
type Revision = (typeof REVISIONS)[number];
type ProbeMode = "command" | "compare";

/** One fresh process; a run that misses the planted changes is a broken run. */
function probe(dir: string, revision: Revision, mode: ProbeMode): Promise<ContractProbeResult> {
  return new Promise((resolve, reject) => {
    // No extra Node flags: `c4bot contract` runs from the bin's plain shebang.
    const child = fork(probeScript, [dir, revision, mode], { stdio: "inherit" });
    let result: ContractProbeResult | undefined;
    child.on("message", (message: ContractProbeResult) => {
      result = message;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!result) {
        reject(new Error(`[c4bot] bench: contract probe exited (${code ?? signal})`));
        return;
      }
      const problem = checkOutput(revision, result);
      if (problem) reject(new Error(`[c4bot] bench: c4bot contract on ${revision}: ${problem}`));
      else resolve(result);
    });
  });
}

function checkOutput(revision: Revision, result: ContractProbeResult): string | undefined {
  if (result.code !== 1) return `exited ${result.code}, not 1 (breaking)`;
  const report = JSON.parse(result.output) as { changes: { kind: string }[] };
  const kinds = report.changes.map((change) => change.kind);
  if (!kinds.includes("stable-removed")) return "missed the stable define removed";
  // worst: one retyped argument in every model, besides the header's changes.
  const changed = kinds.filter((kind) => kind === "stable-changed").length;
  if (changed !== (revision === "worst" ? MODELS : 1)) return `found ${changed} changed symbols`;
  return undefined;
}

function git(dir: string, ...args: string[]): void {
  execFileSync("git", args, {
    cwd: dir,
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    stdio: "ignore",
  });
}

/**
 * Three revisions: `base`; `typical`, with a draft added and a stable define
 * removed in the header and one argument retyped in one model; `worst`, the
 * same in the header and an argument retyped in every model.
 */
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
  const changedHeader = header()
    .replace("#define ZMQ_OPT_10 10\n", "")
    .replace("#endif // DRAFT", "#define ZMQ_NEW 1\n#endif // DRAFT");
  // "do thing 1" is stable (every fifth method is a draft).
  const retype = (text: string) =>
    text.replace(/(name = "do thing 1">[\s\S]*?type = )"integer"/, '$1"string"');
  write(
    changedHeader,
    models.map((text, i) => (i === 7 ? retype(text) : text)),
  );
  git(dir, "tag", "typical");
  git(dir, "checkout", "--quiet", "base");
  write(changedHeader, models.map(retype));
  git(dir, "tag", "worst");
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
