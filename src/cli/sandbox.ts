import { randomBytes } from "node:crypto";
import { terminalText } from "../c4/terminal-text.ts";
import type { AttentionEvent, MergeEvent, VerdictEvent } from "../jobs/observer.ts";
import type { GitHubSimulator } from "../sandbox/github-simulator.ts";
import type { RunningBot } from "../server/start-bot.ts";
import type { Command } from "./command.ts";
import type { CliIo, ExitCode } from "./io.ts";
import { parseCommandArgs, positiveInteger } from "./parse-command-args.ts";
import { UsageError } from "./usage-error.ts";
import { useColor } from "./use-color.ts";
import { waitForSignal } from "./wait-for-signal.ts";

const usage = `Usage:
  c4bot sandbox [--port N] [--once]

Starts a GitHub simulator and c4bot wired to it, seeds a demo repository with
pull requests (a correct patch, a bad commit message, a topic branch, a
maintainer's own patch, CI still running), and prints what c4bot does to each.
Then it keeps serving, so you can open your own pull requests with curl and
watch them on c4bot's dashboard (http://127.0.0.1:N+1/; sign in with the
maintainer token it prints: C4BOT_DASHBOARD_TOKEN, or one made for the run).
No GitHub account and no network needed.

Options:
  --port N    the simulator's port (default 3030); c4bot listens on N+1
  --once      play the demo, check that c4bot did the right thing, and exit
              (exit 1 if it did not)
  -h, --help  show this help
`;

export const sandboxCommand: Command = {
  name: "sandbox",
  summary: "run c4bot against a local GitHub simulator with a demo",
  usage,
  async run(argv: string[], io: CliIo): Promise<ExitCode> {
    const { values } = parseCommandArgs("sandbox", {
      args: argv,
      options: {
        port: { type: "string", default: "3030" },
        once: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(usage);
      return 0;
    }
    const port = positiveInteger("sandbox", "--port", values.port);
    const modules = await loadSandbox();
    const color = useColor({}, io);
    const paint = (code: number, text: string) =>
      color ? `\u001b[${code}m${text}\u001b[0m` : text;
    const say = (line: string) => io.stdout(`${line}\n`);

    const sim = new modules.GitHubSimulator();
    await sim.start({ port });
    // The dashboard signs maintainers in exactly as `serve`'s does: with a
    // token. Without C4BOT_DASHBOARD_TOKEN the sandbox makes one and prints it.
    const dashboardToken = io.env.C4BOT_DASHBOARD_TOKEN || randomBytes(12).toString("hex");
    let bot: RunningBot | undefined;
    try {
      bot = await modules.startBot({
        ...sim.appCredentials,
        port: port + 1,
        logLevel: "error",
        // The simulator starts empty: nothing to catch up on.
        reconcileAtStart: false,
        observer: narrator(say, paint),
        dashboardToken,
        // The dashboard's links open the simulator's pages (JSON of a repository or pull request).
        githubUrl: sim.url,
        ...(io.env.C4BOT_BENCH_DIR ? { benchDir: io.env.C4BOT_BENCH_DIR } : {}),
      });
      sim.setApp({ webhookUrl: bot.webhookUrl });
      say(`GitHub simulator: ${sim.url} (REST ${sim.apiUrl}, GraphQL ${sim.url}/api/graphql)`);
      say(`c4bot:            ${bot.webhookUrl}`);
      say(`Dashboard:        ${bot.url}/  (metrics: ${bot.url}/metrics)`);
      say(
        `  maintainer token: ${io.env.C4BOT_DASHBOARD_TOKEN ? "the one in C4BOT_DASHBOARD_TOKEN" : dashboardToken} (sign in at the top of the dashboard)`,
      );
      say("");

      const demo = modules.seedDemo(sim);
      say(`Seeded ${modules.DEMO_REPO} (maintainers: pieter, luca) with pull requests:`);
      for (const pull of demo.pulls) say(`  #${pull.number}  ${pull.story}`);
      say("");
      await settle(sim, bot);
      for (const move of demo.later) {
        say(paint(90, `… ${move.says}`));
        move.run();
        await settle(sim, bot);
      }

      const pulls = sim.state().pulls;
      const wrong = demo.pulls.filter(
        (pull) => (pulls.find((p) => p.number === pull.number)?.merged ?? false) !== pull.merges,
      );
      say("");
      for (const pull of demo.pulls) {
        const merged = pulls.find((p) => p.number === pull.number)?.merged;
        say(
          `  #${pull.number}  ${merged ? paint(32, "merged    ") : paint(33, "not merged")}  ${pull.story}`,
        );
      }
      const community = modules.describeCommunity(sim, modules.DEMO_REPO);
      if (community.length > 0) {
        say("\nCommunity (docs/community.md):");
        for (const line of community) say(`  ${terminalText(line)}`);
      }
      for (const release of modules.releaseNotesOf(sim, modules.DEMO_REPO)) {
        say(`\nRelease ${release.tag}, notes written by c4bot (C4 2.4.6):`);
        for (const line of terminalText(release.body).split("\n")) say(`  ${line}`);
      }
      if (values.once) {
        if (wrong.length > 0) {
          io.stderr(
            `c4bot sandbox: unexpected outcome for ${wrong.map((p) => `#${p.number}`).join(", ")}\n`,
          );
          return 1;
        }
        say("\nThe demo played out as C4 says it should.");
        return 0;
      }
      say(tryIt(sim.url));
      await waitForSignal();
      return 0;
    } finally {
      await bot?.close();
      await sim.close();
    }
  },
};

/** The sandbox needs the simulator's dev dependencies (GitHub's OpenAPI and GraphQL descriptions). */
async function loadSandbox() {
  try {
    const { packageFile } = await import("../sandbox/package-file.ts");
    packageFile("@octokit/openapi", "package.json");
    packageFile("@octokit/graphql-schema", "schema.graphql");
    const [{ GitHubSimulator }, { seedDemo, DEMO_REPO }, { startBot }, community] =
      await Promise.all([
        import("../sandbox/github-simulator.ts"),
        import("../sandbox/seed-demo.ts"),
        import("../server/start-bot.ts"),
        import("../sandbox/demo-community.ts"),
      ]);
    return { GitHubSimulator, seedDemo, DEMO_REPO, startBot, ...community };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new UsageError(
        "c4bot sandbox: the GitHub simulator is not in this installation (the runtime image leaves it out, and it needs the development dependencies): run it from a checkout with `npm ci && npm run sandbox`.",
      );
    }
    throw error;
  }
}

/** Waits until webhooks, jobs and API calls stop moving. */
async function settle(sim: GitHubSimulator, bot: RunningBot): Promise<void> {
  for (let round = 0; round < 200; round++) {
    const before = `${sim.deliveries().length}/${sim.callCursor()}`;
    await sim.settle();
    await bot.queue.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (`${sim.deliveries().length}/${sim.callCursor()}` === before) return;
  }
}

/** What the sandbox tells its console of what c4bot did (outside text without control characters). */
export function narrator(
  say: (line: string) => void,
  paint: (code: number, text: string) => string,
) {
  // Several events can lead to the same verdict on the same head: tell it once.
  const told = new Map<string, string>();
  // Repositories whose config is broken: told once, and told again when fixed.
  const broken = new Set<string>();
  // What a notice was told for: a clearing is news only after one.
  const noticed = new Set<string>();
  return {
    verdict(event: VerdictEvent) {
      if (broken.delete(event.repo)) {
        say(
          `[c4bot] ${terminalText(event.repo)}: ${paint(32, "configuration fixed")}: merging again`,
        );
      }
      const key = `${event.repo}#${event.number}@${event.headSha}`;
      const said = JSON.stringify([event.verdict.decision, event.merging, event.verdict.results]);
      if (told.get(key) === said) return;
      told.set(key, said);
      const where = terminalText(`${event.repo}#${event.number} by ${event.author}`);
      const { decision } = event.verdict;
      const headline = event.verdict.draft
        ? paint(90, "○ draft: a neutral check; once ready, it would be held by:")
        : decision === "merge"
          ? paint(32, event.merging ? "✓ correct patch: merging" : "✓ correct patch")
          : decision === "wait"
            ? paint(33, "… waiting")
            : paint(31, "✗ not a correct patch yet");
      say(`[c4bot] ${where}: ${headline}`);
      for (const result of event.verdict.results) {
        if (!result.blocking) continue;
        say(`          ${result.rule} (C4 ${result.clause}): ${terminalText(result.message)}`);
      }
    },
    attention(event: AttentionEvent) {
      if (event.kind === "config-broken" && event.repo) {
        if (broken.has(event.repo)) return;
        broken.add(event.repo);
      }
      const where = event.repo
        ? `${event.repo}${event.number ? `#${event.number}` : ""}`
        : `installation ${event.installation}`;
      if (event.cleared) {
        if (noticed.delete(where))
          say(`[c4bot] ${terminalText(where)}: ${paint(32, "answers again")}`);
        return;
      }
      noticed.add(where);
      say(`[c4bot] ${terminalText(where)}: ${paint(31, `! ${terminalText(event.text)}`)}`);
      for (const detail of event.details) say(`          ${terminalText(detail)}`);
    },
    merged(event: MergeEvent) {
      say(
        `[c4bot] ${terminalText(event.repo)}#${event.number}: ${paint(32, "merged")} as ${event.sha?.slice(0, 7) ?? "?"}`,
      );
    },
  };
}

function tryIt(url: string): string {
  const body = JSON.stringify({
    repo: "zeromq/libzmq",
    author: "you",
    body: "Problem: the docs lack an example",
    commits: [{ message: "Problem: the docs lack an example\n\nSolution: add one." }],
  });
  return `
Open your own pull request (c4bot checks it at once):
  curl -s -X POST ${url}/_sandbox/pulls -H 'content-type: application/json' \\
    -d '${body}'
See everything: curl -s ${url}/_sandbox/state    API calls: curl -s ${url}/_sandbox/calls
Scripting endpoints: docs/sandbox.md. Stop with Ctrl-C.`;
}
