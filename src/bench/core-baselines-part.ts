import { randomUUID } from "node:crypto";
import { metric } from "./bench-report.ts";
import { echoRate, roundTripLatencies } from "./core-baselines.ts";
import { type CorePartRun, percentile } from "./core-part.ts";
import { repeat, SAMPLE_MS } from "./core-saturate.ts";

/** Raw zeromq.js: echo rates inproc and over tcp, and the tcp round trip. */
export async function baselinesPart({ samples, add }: CorePartRun): Promise<void> {
  add(
    metric(
      "baseline.zmq.inproc.echo32",
      "msgs/s",
      "higher",
      await repeat(samples, () => echoRate(`inproc://bench-echo-${randomUUID()}`, 32, SAMPLE_MS)),
    ),
  );
  add(
    metric(
      "baseline.zmq.tcp.echo32",
      "msgs/s",
      "higher",
      await repeat(samples, () => echoRate("tcp://127.0.0.1:0", 32, SAMPLE_MS)),
    ),
  );
  // One message in flight between two processes: the floor of core.tcp.latency.*.
  const trips = await roundTripLatencies(2000);
  add(metric("baseline.zmq.tcp.rtt.p50", "ms", "lower", [percentile(trips, 0.5)]));
  add(metric("baseline.zmq.tcp.rtt.p99", "ms", "lower", [percentile(trips, 0.99)]));
}
