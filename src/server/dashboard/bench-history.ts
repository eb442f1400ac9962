import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/** One metric's median in one stored `c4bot bench run` report (src/bench/bench-report.ts). */
export interface BenchPoint {
  date: string;
  commit: string | null;
  median: number;
}

export interface BenchSeries {
  id: string;
  unit: string;
  better: "higher" | "lower";
  /** Oldest first. */
  points: BenchPoint[];
}

/** Most report files read per page view: the newest ones. */
const MAX_FILES = 200;

/**
 * Reads the benchmark reports stored in `dir` (`bench run` JSON, version 1)
 * into one series per metric id, oldest first. Files that are not such a
 * report are skipped: the directory may hold other things (comparisons,
 * markdown), and one bad file must not hide the chart.
 */
export async function readBenchHistory(dir: string): Promise<BenchSeries[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  const files = await Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      try {
        return { path, mtime: (await stat(path)).mtimeMs };
      } catch {
        return null;
      }
    }),
  );
  const newest = files
    .filter((file) => file !== null)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(0, MAX_FILES);
  const series = new Map<string, BenchSeries>();
  for (const file of newest) {
    const report = parseReport(await readFile(file.path, "utf8").catch(() => ""));
    if (!report) continue;
    for (const metric of report.metrics) {
      let entry = series.get(metric.id);
      if (!entry) {
        entry = { id: metric.id, unit: metric.unit, better: metric.better, points: [] };
        series.set(metric.id, entry);
      }
      entry.points.push({ date: report.date, commit: report.commit, median: metric.median });
    }
  }
  for (const entry of series.values()) entry.points.sort((a, b) => a.date.localeCompare(b.date));
  return [...series.values()].sort((a, b) => a.id.localeCompare(b.id));
}

interface ParsedReport {
  date: string;
  commit: string | null;
  metrics: { id: string; unit: string; better: "higher" | "lower"; median: number }[];
}

function parseReport(text: string): ParsedReport | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const report = data as {
    version?: unknown;
    environment?: { date?: unknown; commit?: unknown };
    metrics?: unknown;
  };
  if (report?.version !== 1 || !Array.isArray(report.metrics)) return null;
  const date = report.environment?.date;
  if (typeof date !== "string" || Number.isNaN(Date.parse(date))) return null;
  const metrics: ParsedReport["metrics"] = [];
  for (const item of report.metrics as Record<string, unknown>[]) {
    if (
      typeof item?.id === "string" &&
      typeof item.unit === "string" &&
      (item.better === "higher" || item.better === "lower") &&
      typeof item.median === "number" &&
      Number.isFinite(item.median)
    ) {
      metrics.push({ id: item.id, unit: item.unit, better: item.better, median: item.median });
    }
  }
  const commit = report.environment?.commit;
  return { date, commit: typeof commit === "string" ? commit : null, metrics };
}
