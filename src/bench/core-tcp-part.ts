import { metric } from "./bench-report.ts";
import type { CorePartRun } from "./core-part.ts";
import { cpus, rates, repeat, SAMPLE_MS, type Sample, saturate } from "./core-saturate.ts";
import { tcpSetup } from "./core-tcp-setup.ts";

/** Saturated throughput. */
export async function tcpPart({ samples, progress, add }: CorePartRun): Promise<void> {
  const { queue, close } = await tcpSetup();
  let saturated: Sample[];
  try {
    saturated = await repeat(samples, () => saturate(queue, SAMPLE_MS));
    progress(`core: tcp max ${Math.round(Math.max(...rates(saturated)))} jobs/s`);
  } finally {
    await close();
    progress("core: tcp run closed, worker processes stopped");
  }
  add(metric("core.tcp.throughput", "jobs/s", "higher", rates(saturated)));
  add(metric("core.tcp.cpu_per_job", "µs", "lower", cpus(saturated)));
}
