import { ZmqQueue } from "../core/zmq-queue.ts";
import { metric } from "./bench-report.ts";
import type { CorePartRun } from "./core-part.ts";
import { repeat } from "./core-saturate.ts";
import { quiet } from "./core-tcp-setup.ts";

/** Coalescing: how many runs a burst of equal evaluations comes to. */
export async function burstPart({ samples, add }: CorePartRun): Promise<void> {
  add(metric("core.burst.evaluations", "runs", "lower", await repeat(samples, burstEvaluations)));
}

/** 1,000 equal evaluations over 10 keys, enqueued at once: how many runs happen. */
async function burstEvaluations(): Promise<number> {
  const queue = new ZmqQueue({ workers: 2, concurrency: 8, log: quiet });
  let runs = 0;
  queue.start(async () => {
    runs++;
  });
  await queue.listen();
  const answers: Promise<unknown>[] = [];
  for (let i = 0; i < 1000; i++) {
    const pull = i % 10;
    answers.push(
      queue.enqueue({
        kind: "pull.evaluate",
        key: `o/r#${pull}`,
        payload: { installationId: 1, owner: "o", repo: "r", number: pull },
      }),
    );
  }
  await Promise.all(answers);
  await queue.idle();
  await queue.close();
  return runs;
}
