import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { JobQueue } from "../../core/job.ts";
import type { InstallationBudgetReport } from "../../github/request-scheduler.ts";
import type { HistoryStore } from "../../history/history-store.ts";
import { readBenchHistory } from "./bench-history.ts";
import { CONTRIBUTOR_WINDOW_DAYS, contributorReports } from "./contributors.ts";
import { FAVICON } from "./dashboard-style.ts";
import { MaintainerSession } from "./maintainer-session.ts";
import { type DashboardView, renderDashboard } from "./render-dashboard.ts";

export interface DashboardOptions {
  history: HistoryStore;
  queue: JobQueue;
  /** C4BOT_DASHBOARD_TOKEN: signs a maintainer in; none shows public repositories only. */
  token?: string;
  /** C4BOT_BENCH_DIR: stored `c4bot bench run` reports for the chart. */
  benchDir?: string;
  /** `https://github.com` or a GHES host, for links. */
  githubUrl?: string;
  /** Each installation's GitHub budget (the request scheduler's `budgets`). */
  budgets?: () => InstallationBudgetReport[];
  now?: () => Date;
}

/** The outcomes of form posts, by the code in `?done=`: never text from the request. */
const notices: Record<string, DashboardView["notice"]> = {
  "signed-in": { kind: "ok", text: "Signed in: private repositories and dead letters are shown." },
  "signed-out": { kind: "ok", text: "Signed out." },
  "bad-token": { kind: "error", text: "That is not the dashboard token." },
  retried: { kind: "ok", text: "The job is back in the queue." },
  gone: { kind: "error", text: "That dead letter is gone (retried already, or dropped)." },
};

/** The dashboard at `/` (issue 6), its sign-in, and the dead-letter retry. */
export function dashboardRoutes(options: DashboardOptions) {
  const session = new MaintainerSession(options.token);
  const queue = options.queue;
  const now = options.now ?? (() => new Date());

  return async (server: FastifyInstance) => {
    // An encapsulated plugin, so the form parser applies to these routes only.
    await server.register(async (scope) => {
      scope.addContentTypeParser(
        "application/x-www-form-urlencoded",
        { parseAs: "string", bodyLimit: 16 * 1024 },
        (_request, body, done) => {
          done(null, Object.fromEntries(new URLSearchParams(body as string)));
        },
      );

      scope.get("/", async (request, reply) => {
        const signedIn = session.signedIn(request.headers.cookie);
        const done = (request.query as { done?: string }).done;
        const stats = queue.stats();
        const deadLetters = queue.deadLetters();
        const view: DashboardView = {
          now: now().toISOString(),
          signedIn,
          signInAvailable: session.available,
          csrf: signedIn ? session.csrf() : null,
          pulls: options.history.openPulls({ includePrivate: signedIn }),
          merges: options.history.recentMerges({ includePrivate: signedIn, limit: 20 }),
          attention: options.history.attention({ includePrivate: signedIn }),
          queue: { stats, deadLetters, retryable: true },
          github: options.budgets?.() ?? [],
          bench: options.benchDir ? await readBenchHistory(options.benchDir) : [],
          benchConfigured: options.benchDir !== undefined,
          contributors: contributorReports(
            options.history.pullActivity({
              includePrivate: signedIn,
              since: new Date(now().getTime() - CONTRIBUTOR_WINDOW_DAYS * 86_400_000).toISOString(),
            }),
            now(),
          ),
          ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
          ...(done && notices[done] ? { notice: notices[done] } : {}),
        };
        return reply
          .header("content-type", "text/html; charset=utf-8")
          .header("cache-control", "no-store")
          .header("x-frame-options", "DENY")
          .header(
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
          )
          .send(renderDashboard(view));
      });

      // Browsers ask for it on every page: an SVG, which they take under any name.
      scope.get("/favicon.ico", async (_request, reply) =>
        reply
          .header("content-type", "image/svg+xml")
          .header("cache-control", "public, max-age=86400")
          .send(FAVICON),
      );
      scope.post("/login", async (request, reply) => {
        const token = formField(request, "token");
        if (!session.available || !session.checkToken(token)) {
          // Slows down guessing; the token itself should be long and random.
          await new Promise((resolve) => setTimeout(resolve, 300));
          return reply.code(303).header("location", "/?done=bad-token").send();
        }
        return reply
          .code(303)
          .header("set-cookie", session.signInCookie(isHttps(request)))
          .header("location", "/?done=signed-in")
          .send();
      });

      scope.post("/logout", async (request, reply) => {
        if (!session.checkCsrf(formField(request, "csrf"))) return forbidden(reply);
        return reply
          .code(303)
          .header("set-cookie", session.signOutCookie(isHttps(request)))
          .header("location", "/?done=signed-out")
          .send();
      });

      scope.post("/dead-letters/retry", async (request, reply) => {
        if (
          !session.signedIn(request.headers.cookie) ||
          !session.checkCsrf(formField(request, "csrf"))
        ) {
          return forbidden(reply);
        }
        const retried = await queue.retryDeadLetter(formField(request, "id"));
        return reply
          .code(303)
          .header("location", `/?done=${retried ? "retried" : "gone"}#queue`)
          .send();
      });
    });
  };
}

function formField(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

function isHttps(request: FastifyRequest): boolean {
  // Behind a TLS-terminating proxy (docs/deployment.md) the proxy says so.
  return request.headers["x-forwarded-proto"] === "https" || request.protocol === "https";
}

function forbidden(reply: FastifyReply) {
  return reply.code(403).send({ error: "sign in with the dashboard token first" });
}
