/**
 * Thrown instead of sending a request when its installation must wait
 * longer than a job should hold a worker (a limit GitHub reported, or a
 * budget spent): the job goes back to the queue for `delayMs` (see
 * `rateLimitDelayMs`), and GitHub never sees the request.
 */
export class RateLimitWaitError extends Error {
  constructor(
    readonly delayMs: number,
    readonly reason: string,
    readonly installation: string,
  ) {
    super(
      `[c4bot] GitHub installation ${installation} waits ${Math.ceil(delayMs / 1000)} s: ${reason}`,
    );
    this.name = "RateLimitWaitError";
  }
}
