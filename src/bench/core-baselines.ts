import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Dealer, Router } from "zeromq";
import { stopProcess } from "./stop-process.ts";

// The echo peer process, compiled beside this file (.js in dist, .ts in tests).
const echoPeerScript = fileURLToPath(
  new URL(`./core-echo-peer${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
);

/**
 * How long every throughput sample (the core's, LocalQueue's, raw echo's)
 * runs its load before its clock starts, so that it measures the sustained
 * rate and not the fill. A core sample starts from an idle queue with
 * 4,096 jobs enqueued at once: measured in 100 ms slices, its first slice
 * ran at 13-20k jobs/s and the rest at 41-56k, and after the idle gap of
 * the paired samples the loss was larger still. LocalQueue absorbs the same
 * fill at once, so without a lead-in a 600 ms sample measured mostly how
 * each queue takes a burst from idle, not its throughput
 * (docs/core-measurements.md).
 */
export const LEAD_IN_MS = 200;

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
    // Timed from the end of the lead-in (the connection made, the pipes full).
    let start = Number.POSITIVE_INFINITY;
    const leadInEnd = performance.now() + LEAD_IN_MS;
    for (let i = 0; i < inFlight; i++) await dealer.send(message);
    for (;;) {
      await dealer.receive();
      const now = performance.now();
      if (start === Number.POSITIVE_INFINITY) {
        if (now >= leadInEnd) start = now;
      } else {
        echoed++;
        if (now >= start + ms) break;
      }
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
  const peer = await startEchoPeer();
  const dealer = new Dealer({ linger: 0, sendTimeout: 2000, receiveTimeout: 2000 });
  try {
    dealer.connect(peer.endpoint);
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
    await peer.stop();
  }
}

/**
 * The floor of the half-rate latency: the same open-loop pacing as the core
 * at the same rate (every `pace()`, the messages due by then), sent raw to
 * the echo process over loopback tcp, all of one turn in one message (one
 * frame of records), as the core batches them. (One frame each, in one
 * multipart message, measured a p99 of 20-40 ms: zeromq.js makes every
 * frame over 128 bytes a zero-copy buffer with a finalizer.) Each
 * message's round trip, ms, over `ms` after a second untimed. What is left above this in the core's
 * figure is the core's own; what is in it is the machine's (waking three
 * processes on two CPUs every millisecond).
 */
export async function pacedRoundTrips(
  rate: number,
  ms: number,
  pace: () => Promise<unknown>,
): Promise<Float64Array> {
  const peer = await startEchoPeer();
  const dealer = new Dealer({ linger: 0, sendTimeout: 2000, receiveTimeout: 2000 });
  const sentAt = new Float64Array(Math.ceil(((ms + 1000) / 1000) * rate) + 1000);
  const times = new Float64Array(sentAt.length);
  let timed = 0;
  /** Messages numbered from here on are timed (the warm-up's are not). */
  let firstTimed = Number.POSITIVE_INFINITY;
  const payload = Buffer.from(JSON.stringify(benchPayload(0)));
  /** A record: the message's number, then its 1 KB. */
  const record = 4 + payload.length;
  try {
    dealer.connect(peer.endpoint);
    const received = (async () => {
      for await (const [batch] of dealer) {
        const now = performance.now();
        for (let at = 0; batch && at + 4 <= batch.length; at += record) {
          const n = batch.readUInt32BE(at);
          if (n >= firstTimed && n < sentAt.length) times[timed++] = now - (sentAt[n] as number);
        }
      }
    })().catch(() => {});
    let n = 0;
    for (const [phase, length] of [
      ["warm-up", 1000],
      ["timed", ms],
    ] as const) {
      if (phase === "timed") firstTimed = n;
      const start = performance.now();
      let sent = 0;
      for (let now = start; now - start < length; now = performance.now()) {
        const due = Math.floor(((now - start) / 1000) * rate);
        if (due > sent) {
          const batch = Buffer.allocUnsafe((due - sent) * record);
          for (let at = 0; sent < due; sent++, n++, at += record) {
            batch.writeUInt32BE(n, at);
            payload.copy(batch, at + 4);
            sentAt[n] = performance.now();
          }
          await dealer.send(batch);
        }
        await pace();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    dealer.close();
    await received;
    return times.subarray(0, timed);
  } finally {
    dealer.close();
    await peer.stop();
  }
}

/** The echo process (core-echo-peer.ts) and its endpoint. */
async function startEchoPeer(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const peer = spawn(process.execPath, [...process.execArgv, echoPeerScript], {
    stdio: ["ignore", "pipe", "inherit"],
  });
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
    return { endpoint, stop: () => stopProcess(peer) };
  } catch (error) {
    await stopProcess(peer);
    throw error;
  }
}
