import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestPriority } from "./installation-budget.ts";

const priorities = new AsyncLocalStorage<RequestPriority>();

/**
 * Runs `work` with every GitHub request it makes at `priority`: a sweep's
 * requests are "background" and wait behind any request a webhook caused.
 */
export function withRequestPriority<T>(priority: RequestPriority, work: () => T): T {
  return priorities.run(priority, work);
}

/** The priority of the requests made here: "normal" outside any `withRequestPriority`. */
export function currentRequestPriority(): RequestPriority {
  return priorities.getStore() ?? "normal";
}
