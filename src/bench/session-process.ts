import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Metric } from "./bench-report.ts";
import type { Side } from "./run-rounds.ts";
import type { SessionReply, SessionRequest } from "./serve-session.ts";

/** How long a session may take to start and warm up, or to take one sample. */
const REPLY_TIMEOUT_MS = 120_000;

/**
 * The parent's side of a `bench session` child: one build's scenario, set up
 * and warmed up in its own process, sampled on request (`bench ab`'s
 * interleaved rounds). Every failure (an early exit, an error reply, a
 * timeout) rejects with the child's last lines of stderr.
 */
export class SessionProcess {
  readonly #child: ChildProcess;
  readonly #name: string;
  #tail = "";
  #waiting: { resolve(reply: SessionReply): void; reject(error: Error): void } | undefined;
  #exited: Error | undefined;

  private constructor(child: ChildProcess, name: string, progress: (line: string) => void) {
    this.#child = child;
    this.#name = name;
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.#tail = (this.#tail + chunk).slice(-2000);
    });
    child.on("message", (reply: SessionReply) => {
      if (reply.type === "progress") return progress(reply.line);
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (reply.type === "error") waiting?.reject(this.#failure(reply.message));
      else waiting?.resolve(reply);
    });
    child.on("exit", (code, signal) => {
      this.#exited = this.#failure(`exited (${code ?? signal})`);
      this.#waiting?.reject(this.#exited);
      this.#waiting = undefined;
    });
    child.on("error", (error) => {
      this.#waiting?.reject(this.#failure(String(error)));
      this.#waiting = undefined;
    });
  }

  /** Starts `node DIR/dist/cli.js bench session --scenario NAME` and waits until it is warmed up. */
  static async start(
    side: Side,
    scenario: string,
    progress: (line: string) => void,
  ): Promise<SessionProcess> {
    const child = spawn(
      process.execPath,
      [join(side.dir, "dist", "cli.js"), "bench", "session", "--scenario", scenario],
      {
        cwd: side.dir,
        env: { ...process.env, ...side.env },
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      },
    );
    const session = new SessionProcess(child, `${side.name} ${scenario}`, progress);
    try {
      await session.#ask(undefined);
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** One sample of every metric of the scenario (one value each). */
  async sample(): Promise<Metric[]> {
    const reply = await this.#ask({ type: "sample" });
    if (reply.type !== "sample") throw this.#failure(`unexpected reply "${reply.type}"`);
    return reply.metrics;
  }

  /** Asks the child to close and waits for it to exit (killed after 10 s). */
  async close(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    if (child.connected) child.send({ type: "close" } satisfies SessionRequest);
    else child.kill("SIGTERM");
    await exited;
    clearTimeout(timer);
  }

  #ask(request: SessionRequest | undefined): Promise<SessionReply> {
    if (this.#exited) return Promise.reject(this.#exited);
    return new Promise<SessionReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(this.#failure(`no answer within ${REPLY_TIMEOUT_MS / 1000} s`));
      }, REPLY_TIMEOUT_MS);
      this.#waiting = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      if (request) this.#child.send(request);
    });
  }

  #failure(what: string): Error {
    return new Error(`[c4bot] bench: ${this.#name}: bench session ${what}:\n${this.#tail}`);
  }
}
