import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { createServer } from "../../src/server/create-server.ts";

/*
 *  client ──keep-alive──▶ server      close() starts: idle sockets are closed once
 *         ──GET (same socket, while closing)──▶ answered, socket idle again
 *  Without reaping idle sockets until the end, close() never resolved
 *  (seen in test/e2e/reconcile.test.ts: a push webhook right after a merge).
 */
describe("closing the server", () => {
  it("ends when a keep-alive connection is busy as close() begins and idle after", async () => {
    const server = await createServer({ webhookSecret: "s", onEvent: async () => {} });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.get("/slow", async () => {
      await gate;
      return { ok: true };
    });
    const url = new URL(await server.listen({ port: 0, host: "127.0.0.1" }));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: url.hostname, port: url.port, path, agent }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        })
          .on("error", reject)
          .end();
      });
    expect(await get("/healthz")).toBe(200);
    // A request in flight when close() starts keeps its socket busy past the first sweep.
    const slow = get("/slow");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = server.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    expect(await slow).toBe(200);
    const outcome = await Promise.race([
      closed.then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("still open after 5 s"), 5000)),
    ]);
    agent.destroy();
    expect(outcome).toBe("closed");
  });
});
