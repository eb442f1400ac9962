/**
 * The other end of the raw round-trip baseline (core-baselines.ts): a
 * process with nothing but a zeromq.js ROUTER on loopback tcp that echoes
 * every message, all its frames. It prints its endpoint on stdout, then
 * serves until SIGTERM.
 *
 *   node core-echo-peer.js
 */
import { Router } from "zeromq";

const router = new Router({ linger: 0, sendTimeout: 2000 });
await router.bind("tcp://127.0.0.1:0");
process.stdout.write(`${router.lastEndpoint}\n`);
process.once("SIGTERM", () => router.close());
try {
  // Every frame back, the routing id first: one or many (a paced batch).
  for await (const frames of router) {
    await router.send(frames);
  }
} catch (error) {
  if (!router.closed) throw error;
}
