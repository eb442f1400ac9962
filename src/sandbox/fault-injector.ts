/** A scripted failure for matching API requests. */
export interface Fault {
  /** HTTP method, e.g. "PUT"; "POST" for GraphQL. */
  method: string;
  /** An OpenAPI path template (`/repos/{owner}/{repo}/pulls/{pull_number}/merge`) or `graphql`. */
  route: string;
  /** Answer with this status instead of handling the request (5xx, or 403 with retryAfter). */
  status?: number;
  /** Seconds, sent as `retry-after`: with 403 this is GitHub's secondary rate limit. */
  retryAfter?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Handle the request, then answer with `status` anyway: the work is done but the answer is lost. */
  afterHandling?: boolean;
  /** Push a new commit to the PR named by the request before handling it. */
  moveHead?: boolean;
  /** How many matching requests this fault applies to. */
  times: number;
}

/** Faults apply first-in first-out, each to its next `times` matching requests. */
export class FaultInjector {
  #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push({ ...fault, method: fault.method.toUpperCase() });
  }

  clear(): void {
    this.#faults = [];
  }

  get pending(): Fault[] {
    return this.#faults.map((fault) => ({ ...fault }));
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(method: string, route: string): Fault | null {
    const fault = this.#faults.find(
      (candidate) => candidate.method === method.toUpperCase() && candidate.route === route,
    );
    if (!fault) return null;
    fault.times -= 1;
    if (fault.times <= 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
    return { ...fault };
  }
}

// The message GitHub sends with a secondary rate limit:
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits
export const secondaryRateLimitMessage =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";
