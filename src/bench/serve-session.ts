import type { Metric } from "./bench-report.ts";
import type { Scenario } from "./scenario.ts";

/** Parent → child (`bench session`). */
export type SessionRequest = { type: "sample" } | { type: "close" };

/** Child → parent. */
export type SessionReply =
  | { type: "ready" }
  | { type: "sample"; metrics: Metric[] }
  | { type: "progress"; line: string }
  | { type: "error"; message: string };

/** The IPC channel of a forked process (`process` itself in the child). */
export interface SessionChannel {
  send(reply: SessionReply): void;
  onRequest(listener: (request: SessionRequest) => void): void;
}

/**
 * The child's side of `bench session --scenario NAME`: opens the scenario
 * (set up and warmed up), says ready, then takes one sample per "sample"
 * request until "close" (or the parent goes away). One request at a time:
 * the parent waits for each answer before it asks another process.
 */
export async function serveSession(scenario: Scenario, channel: SessionChannel): Promise<void> {
  if (!scenario.open) {
    throw new Error(`[c4bot] bench session: scenario "${scenario.name}" cannot be sampled in turn`);
  }
  const session = await scenario.open((line) => channel.send({ type: "progress", line }));
  const requests: SessionRequest[] = [];
  let wake: (() => void) | undefined;
  channel.onRequest((request) => {
    requests.push(request);
    wake?.();
  });
  channel.send({ type: "ready" });
  try {
    for (;;) {
      const request =
        requests.shift() ??
        (await new Promise<SessionRequest>((resolve) => {
          wake = () => {
            wake = undefined;
            resolve(requests.shift() as SessionRequest);
          };
        }));
      if (request.type === "close") return;
      try {
        channel.send({ type: "sample", metrics: await session.sample() });
      } catch (error) {
        channel.send({ type: "error", message: String(error) });
        return;
      }
    }
  } finally {
    await session.close();
  }
}
