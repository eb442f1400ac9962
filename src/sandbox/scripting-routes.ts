import type { FastifyInstance, FastifyReply } from "fastify";
import type { GitHubSimulator } from "./github-simulator.ts";
import { pullBody, pullPushBody, scriptBody } from "./scripting-bodies.ts";

type Body = Record<string, unknown>;

/**
 * `/_sandbox/*`: plain JSON endpoints that script the world the bot sees
 * (same operations as the simulator's methods). A bad script is the test's
 * bug, so it answers 400 with the reason.
 */
export function registerScriptingRoutes(server: FastifyInstance, sim: GitHubSimulator): void {
  const post = (
    path: string,
    run: (body: Body, params: Record<string, string>) => unknown,
    status = 201,
  ) => {
    server.post(path, async (request, reply) =>
      answer(reply, status, () =>
        run((request.body ?? {}) as Body, request.params as Record<string, string>),
      ),
    );
  };

  // biome-ignore lint/suspicious/noExplicitAny: scripting bodies are the methods' specs, checked there
  const spec = (body: Body) => body as any;

  post("/_sandbox/users", (body) => sim.createUser(String(body.login), spec(body).type));
  post("/_sandbox/repos", (body) => sim.createRepo(spec(body)));
  post("/_sandbox/repos/:owner/:name/push", (body, params) => ({
    headSha: sim.pushToBranch({ ...spec(body), repo: `${params.owner}/${params.name}` }),
  }));
  post(
    "/_sandbox/repos/:owner/:name/permissions",
    (body, params) => sim.setPermission({ ...spec(body), repo: `${params.owner}/${params.name}` }),
    200,
  );
  post("/_sandbox/pulls", (body) => sim.openPull(scriptBody(pullBody, body)));
  post("/_sandbox/pulls/:owner/:name/:number/push", (body, params) =>
    sim.pushToPull({
      ...scriptBody(pullPushBody, body),
      repo: `${params.owner}/${params.name}`,
      number: Number(params.number),
    }),
  );
  server.patch("/_sandbox/pulls/:owner/:name/:number", async (request, reply) => {
    const params = request.params as Record<string, string>;
    return answer(reply, 200, () => {
      sim.editPull({
        ...spec((request.body ?? {}) as Body),
        repo: `${params.owner}/${params.name}`,
        number: Number(params.number),
      });
      return { ok: true };
    });
  });
  post("/_sandbox/issues", (body) => sim.openIssue(spec(body)));
  server.patch("/_sandbox/issues/:owner/:name/:number", async (request, reply) => {
    const params = request.params as Record<string, string>;
    return answer(reply, 200, () => {
      sim.editIssue({
        ...spec((request.body ?? {}) as Body),
        repo: `${params.owner}/${params.name}`,
        number: Number(params.number),
      });
      return { ok: true };
    });
  });
  post("/_sandbox/tags", (body) => ({ sha: sim.createTag(spec(body)) }));
  post("/_sandbox/releases", (body) => sim.publishRelease(spec(body)));
  server.get("/_sandbox/releases", async () => sim.releases());
  post("/_sandbox/rulesets", (body) => sim.addRuleset(spec(body)));
  post("/_sandbox/checks", (body) => sim.setCheck(spec(body)));
  post("/_sandbox/check-runs/:id/click", (body, params) => {
    sim.clickButton({ ...spec(body), runId: Number(params.id) });
    return { ok: true };
  });
  post("/_sandbox/statuses", (body) => sim.setStatus(spec(body)));
  post("/_sandbox/reviews", (body) => sim.submitReview(spec(body)));
  post("/_sandbox/comments", (body) => sim.addComment(spec(body)));
  post("/_sandbox/faults", (body) => {
    sim.addFault(spec(body));
    return { ok: true };
  });
  server.delete("/_sandbox/faults", async (_request, reply) =>
    answer(reply, 200, () => {
      sim.clearFaults();
      return { ok: true };
    }),
  );
  // Rate limits: a partial patch (checked, 400 with the field on a bad one); answers the state.
  post(
    "/_sandbox/limits",
    (body) => {
      sim.setLimits(spec(body));
      return sim.limitsState();
    },
    200,
  );
  server.get("/_sandbox/limits", async () => sim.limitsState());
  post(
    "/_sandbox/clock",
    (body) => {
      sim.advanceClock(Number(body.advanceMs ?? 0));
      return { ok: true };
    },
    200,
  );
  post(
    "/_sandbox/app",
    (body) => {
      sim.setApp(spec(body));
      return { ok: true };
    },
    200,
  );
  post("/_sandbox/deliveries/:id/redeliver", (_body, params) =>
    strip(sim.redeliver(String(params.id))),
  );
  post("/_sandbox/deliveries/raw", (body) => strip(sim.deliverRaw(spec(body))));
  post(
    "/_sandbox/settle",
    async () => {
      await sim.waitForIdle();
      return { ok: true };
    },
    200,
  );

  server.get("/_sandbox/state", async () => sim.state());
  server.get("/_sandbox/calls", async (request) => {
    const since = Number((request.query as { since?: string }).since ?? 0) || 0;
    return { cursor: sim.callCursor(), calls: sim.calls(since) };
  });
  server.get("/_sandbox/violations", async () => sim.violations());
  server.delete("/_sandbox/violations", async () => {
    sim.clearViolations();
    return { ok: true };
  });
  server.get("/_sandbox/app", async () => ({
    ...sim.appCredentials,
    slug: sim.appSlug,
    botLogin: sim.botLogin,
    installationId: sim.installationId,
  }));
}

function strip<T extends { body: string; signature: string }>(delivery: T) {
  const { body: _body, signature: _signature, ...rest } = delivery;
  return rest;
}

async function answer(reply: FastifyReply, status: number, run: () => unknown) {
  try {
    const result = await run();
    return reply.code(status).send(result ?? { ok: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return reply.code(400).send({ message });
  }
}
