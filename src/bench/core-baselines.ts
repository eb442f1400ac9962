import { performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { Dealer, Router } from "zeromq";

/** The 1 KB JSON payload every core benchmark job carries. */
export function benchPayload(n: number): { n: number; data: string } {
  return { n, data: "x".repeat(1000) };
}

/**
 * The ceiling this binding allows: a DEALER sends 1 KB messages to a ROUTER
 * in this process, which echoes each back, with `inFlight` messages
 * outstanding (32 in the issue). Messages echoed per second over `ms`.
 */
export async function echoRate(endpoint: string, inFlight: number, ms: number): Promise<number> {
  const router = new Router({ linger: 0, sendTimeout: 2000, receiveTimeout: 2000 });
  const dealer = new Dealer({ linger: 0, sendTimeout: 2000, receiveTimeout: 2000 });
  try {
    await router.bind(endpoint);
    dealer.connect(router.lastEndpoint ?? endpoint);
    const echo = (async () => {
      for await (const [peer, body] of router) {
        await router.send([peer as Buffer, body as Buffer]);
      }
    })().catch(() => {});
    const message = Buffer.from(JSON.stringify(benchPayload(0)));
    let echoed = 0;
    let stopAt = Number.POSITIVE_INFINITY;
    const start = performance.now();
    stopAt = start + ms;
    for (let i = 0; i < inFlight; i++) await dealer.send(message);
    for (;;) {
      await dealer.receive();
      echoed++;
      if (performance.now() >= stopAt) break;
      await dealer.send(message);
    }
    const rate = echoed / ((performance.now() - start) / 1000);
    router.close();
    await echo;
    return rate;
  } finally {
    router.close();
    dealer.close();
  }
}

/**
 * An in-process promise queue doing the same work as a job through the core:
 * the payload serialised and parsed again (as it crosses the wire), a trivial
 * async handler, `concurrency` jobs at once. Jobs per second over `ms`.
 */
export async function promiseQueueRate(concurrency: number, ms: number): Promise<number> {
  const waiting: string[] = [];
  let running = 0;
  let done = 0;
  const handler = async (payload: unknown) => payload;
  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      const text = waiting.shift() as string;
      running++;
      void handler(JSON.parse(text)).then(() => {
        running--;
        done++;
        pump();
      });
    }
  };
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    while (waiting.length + running < 4 * concurrency) {
      waiting.push(JSON.stringify(benchPayload(n++)));
    }
    pump();
    await yieldToLoop();
  }
  return done / ((performance.now() - start) / 1000);
}
