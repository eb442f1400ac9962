import { performance } from "node:perf_hooks";
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
