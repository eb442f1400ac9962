import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeMiddleware, type Probot } from "probot";
import { createEventReceiver } from "../app/app.ts";
import { jobsFor, withDeliveryIds } from "../app/events.ts";
import { createProbot } from "../github/create-probot.ts";
import { JobJournal } from "../history/job-journal.ts";
import { createServer, WEBHOOK_PATH } from "../server/create-server.ts";
import { metric } from "./bench-report.ts";
import { CountingQueue } from "./counting-queue.ts";
import type { Scenario } from "./scenario.ts";
import { signedPullRequestDelivery } from "./webhook-delivery.ts";

/** Seconds of load per sample, per server. */
const SAMPLE_SECONDS = 1.5;
/** Concurrent connections: enough to keep one Node thread busy. */
const CONNECTIONS = 16;
const APP_ID = 1;
const SECRET = "c4bot-bench-secret";

/** The slice of autocannon's result this scenario reads (it ships no types). */
interface LoadResult {
  "2xx": number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<LoadResult>;

interface Target {
  name: string;
  url: string;
  queue: CountingQueue;
  close(): Promise<void>;
}

/**
 * Webhook ingest (issue 5): signed 25 KB pull_request deliveries into c4bot's
 * fastify server, through Probot's signature verification, to an enqueued
 * job; and the same into Probot's bare `createNodeMiddleware` on `node:http`
 * with the same app, in the same run. Samples alternate the two servers, so
 * drift of a shared machine hits both alike; `ingest.ratio.vs_probot_bare`
 * is the per-sample ratio. The load comes from autocannon in a worker thread
 * (the other CPU), the servers run on this thread. Every 2xx must have
 * enqueued one job (and nothing else must have), or the run fails.
 */
export const ingestScenario: Scenario = {
  name: "ingest",
  description:
    "signed 25 KB pull_request webhooks/s: c4bot's server against Probot's bare middleware",
  async run({ samples, progress }) {
    const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
    const delivery = signedPullRequestDelivery(SECRET);
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs1",
      format: "pem",
    }) as string;
    const ours = await startOurs();
    const bare = await startProbotBare(privateKey);
    try {
      const load = async (target: Target) => {
        const before = target.queue.enqueued;
        const result = await autocannon({
          url: target.url,
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
          connections: CONNECTIONS,
          duration: SAMPLE_SECONDS,
          workers: 1,
        });
        // Requests the load generator gave up on at the end still finish: count them here.
        await settled(target.queue);
        const enqueued = target.queue.enqueued - before;
        // Requests still in flight when the load stops were enqueued but not counted: at most one per connection.
        const unanswered = enqueued - result["2xx"];
        if (result.non2xx > 0 || result.errors > 0 || unanswered < 0 || unanswered > CONNECTIONS) {
          throw new Error(
            `[c4bot] bench: ${target.name}: ${result["2xx"]} accepted, ${result.non2xx} refused, ${result.errors} errors, ${enqueued} jobs enqueued`,
          );
        }
        return result["2xx"] / result.duration;
      };
      await load(ours); // warm-up: the JIT, the connections
      await load(bare);
      const oursRates: number[] = [];
      const bareRates: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < samples; i++) {
        // ABBA order, so neither server always runs second.
        const [first, second] = i % 2 === 0 ? [ours, bare] : [bare, ours];
        const a = await load(first);
        const b = await load(second);
        const [o, p] = first === ours ? [a, b] : [b, a];
        oursRates.push(o);
        bareRates.push(p);
        ratios.push(o / p);
        progress(
          `ingest: sample ${i + 1}/${samples}: c4bot ${Math.round(o)}/s, Probot bare ${Math.round(p)}/s (${(o / p).toFixed(2)}x)`,
        );
      }
      return [
        metric("ingest.throughput", "webhooks/s", "higher", oursRates),
        metric("baseline.probot.ingest", "webhooks/s", "higher", bareRates),
        metric("ingest.ratio.vs_probot_bare", "ratio", "higher", ratios),
      ];
    } finally {
      await ours.close();
      await bare.close();
    }
  },
};

/** Resolves once the count has not moved for 50 ms. */
async function settled(queue: CountingQueue): Promise<void> {
  for (let last = -1; last !== queue.enqueued; ) {
    last = queue.enqueued;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function probotFor(privateKey: string) {
  // "warn": Probot logs to stdout, where `bench run` prints its JSON.
  return createProbot({
    appId: APP_ID,
    privateKey,
    webhookSecret: SECRET,
    logLevel: "warn",
  });
}

/**
 * c4bot's own server (src/server) with c4bot's app, as serve runs it: each
 * job recorded in the journal (a file in a temporary directory) before the
 * 2xx, and finished once the counter has it.
 */
async function startOurs(): Promise<Target> {
  const queue = new CountingQueue();
  const dataDir = mkdtempSync(join(tmpdir(), "c4bot-bench-journal-"));
  const journal = new JobJournal({ dataDir });
  queue.onSettled((job) => journal.settled(job));
  const server = await createServer({
    webhookSecret: SECRET,
    onEvent: createEventReceiver(queue, APP_ID, journal),
  });
  const url = await server.listen({ port: 0, host: "127.0.0.1" });
  return {
    name: "c4bot server",
    url: `${url}${WEBHOOK_PATH}`,
    queue,
    async close() {
      await server.close();
      journal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The baseline: Probot's createNodeMiddleware on node:http, nothing else. */
async function startProbotBare(privateKey: string): Promise<Target> {
  const queue = new CountingQueue();
  // The app's jobs, enqueued: what a Probot app does, with no journal.
  const receive = async (event: { id: string; name: string; payload: unknown }) => {
    const jobs = withDeliveryIds(jobsFor(event.name, event.payload as never, APP_ID), event.id);
    for (const job of jobs) await queue.enqueue(job);
  };
  const app = (probot: Probot) => probot.onAny((event) => receive(event));
  const middleware = await createNodeMiddleware(app, {
    probot: probotFor(privateKey),
  });
  const server: Server = createHttpServer((request, response) => {
    void middleware(request, response, () => {
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name: "Probot bare",
    url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    queue,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
