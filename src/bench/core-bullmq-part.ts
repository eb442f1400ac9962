import { metric } from "./bench-report.ts";
import { bullmqRate, withRedisServer } from "./bullmq-baseline.ts";
import type { CorePartRun } from "./core-part.ts";
import { repeat } from "./core-saturate.ts";

/** BullMQ on a private redis-server (core-scenario.ts skips it without one). */
export async function bullmqPart({ samples, progress, add }: CorePartRun): Promise<void> {
  const rates = await withRedisServer((redis) => {
    progress(`core: bullmq: redis-server pid ${redis.pid} on 127.0.0.1:${redis.port}`);
    return repeat(samples, () => bullmqRate(redis.port));
  });
  add(metric("baseline.bullmq", "jobs/s", "higher", rates));
}
