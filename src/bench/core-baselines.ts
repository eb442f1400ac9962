import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Dealer, Router } from "zeromq";
import { stopProcess } from "./stop-process.ts";

// The echo peer process, compiled beside this file (.js in dist, .ts in tests).
const echoPeerScript = fileURLToPath(
  new URL(`./core-echo-peer${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

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
 * What the machine and this binding allow for one message in flight between
 * two processes over loopback tcp: a DEALER here, a ROUTER echoing in a
 * process of its own (core-echo-peer.ts), 1 KB each way. Every round trip's
 * time, ms, over `ms` (and at least 500), after 200 untimed ones. The core's
 * one-in-flight latency crosses the same hop (broker to worker process and
 * back) plus its inproc hop and its own work, so this is its floor.
 */
export async function roundTripLatencies(ms: number): Promise<number[]> {
  const peer = spawn(process.execPath, [...process.execArgv, echoPeerScript], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dealer = new Dealer({ linger: 0, sendTimeout: 2000, receiveTimeout: 2000 });
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = "";
      peer.stdout.setEncoding("utf8");
      peer.stdout.on("data", (chunk: string) => {
        text += chunk;
        if (text.includes("\n")) resolve(text.trim());
      });
      peer.once("exit", (code) => reject(new Error(`[c4bot] bench: echo peer exited (${code})`)));
    });
    dealer.connect(endpoint);
    const message = Buffer.from(JSON.stringify(benchPayload(0)));
    for (let i = 0; i < 200; i++) {
      await dealer.send(message);
      await dealer.receive();
    }
    const times: number[] = [];
    const until = performance.now() + ms;
    while (performance.now() < until || times.length < 500) {
      const start = performance.now();
      await dealer.send(message);
      await dealer.receive();
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    dealer.close();
    await stopProcess(peer);
  }
}
