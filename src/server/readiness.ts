import type { JobQueue } from "../core/job.ts";

export interface ReadinessOptions {
  queue: JobQueue;
  /**
   * Proves the GitHub App's credentials work (`GET /app` with the app's JWT).
   * Rejects when they do not.
   */
  checkCredentials: () => Promise<void>;
  /** How long a successful credentials check counts (default 5 minutes). */
  credentialsTtlMs?: number;
  /** How long a failed one is remembered before trying again (default 30 s). */
  failureTtlMs?: number;
  /** A check that takes longer fails (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
}

export interface Readiness {
  ready: boolean;
  /** What is wrong, one sentence each; empty when ready. */
  reasons: string[];
  checks: {
    queue: "ok" | "closing";
    workers: number | "in-process";
    github: "ok" | "failing" | "unchecked";
  };
}

/**
 * `/readyz` (issue 6): the broker is up, at least one worker is connected,
 * and the GitHub App's credentials work. The credentials check costs one
 * request, so its result is kept for a while: a probe every 10 s must not
 * spend the rate limit.
 */
export class ReadinessProbe {
  readonly #options: Required<Omit<ReadinessOptions, "queue" | "checkCredentials">> &
    Pick<ReadinessOptions, "queue" | "checkCredentials">;
  #state = {
    closing: false,
    credentials: undefined as { ok: boolean; at: number; error?: string } | undefined,
    inFlight: undefined as Promise<void> | undefined,
  };

  constructor(options: ReadinessOptions) {
    this.#options = {
      credentialsTtlMs: 5 * 60_000,
      failureTtlMs: 30_000,
      timeoutMs: 5_000,
      now: Date.now,
      ...options,
    };
  }

  /** From now on the bot is shutting down: not ready, so a load balancer drains it. */
  markClosing(): void {
    this.#state.closing = true;
  }

  /** A GitHub request authenticated as the app succeeded: credentials proven without asking again. */
  credentialsWorked(): void {
    this.#state.credentials = { ok: true, at: this.#options.now() };
  }

  async check(): Promise<Readiness> {
    const reasons: string[] = [];
    const stats = this.#options.queue.stats() as { workers?: number };
    const workers = stats.workers ?? "in-process";
    if (this.#state.closing) reasons.push("shutting down: finishing running jobs");
    if (workers === 0) reasons.push("no worker is connected to the broker");
    const github = await this.#credentials();
    if (github.status === "failing") {
      reasons.push(`the GitHub App's credentials do not work: ${github.error}`);
    }
    return {
      ready: reasons.length === 0,
      reasons,
      checks: {
        queue: this.#state.closing ? "closing" : "ok",
        workers,
        github: github.status,
      },
    };
  }

  async #credentials(): Promise<{ status: Readiness["checks"]["github"]; error?: string }> {
    const state = this.#state;
    const options = this.#options;
    const known = state.credentials;
    const age = known ? options.now() - known.at : Number.POSITIVE_INFINITY;
    const fresh = known && age < (known.ok ? options.credentialsTtlMs : options.failureTtlMs);
    if (!fresh) {
      state.inFlight ??= this.#checkNow().finally(() => {
        state.inFlight = undefined;
      });
      await state.inFlight;
    }
    const result = state.credentials;
    if (!result) return { status: "unchecked" };
    return result.ok
      ? { status: "ok" }
      : { status: "failing", ...(result.error ? { error: result.error } : {}) };
  }

  async #checkNow(): Promise<void> {
    const options = this.#options;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        options.checkCredentials(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer from GitHub within ${options.timeoutMs} ms`)),
            options.timeoutMs,
          );
        }),
      ]);
      this.#state.credentials = { ok: true, at: options.now() };
    } catch (error) {
      this.#state.credentials = {
        ok: false,
        at: options.now(),
        error: error instanceof Error ? error.message : String(error),
      };
    } finally {
      clearTimeout(timer);
    }
  }
}
