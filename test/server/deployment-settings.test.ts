import { describe, expect, it } from "vitest";
import { serveSettings } from "../../src/cli/serve-settings.ts";

const base = {
  APP_ID: "1",
  PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
  WEBHOOK_SECRET: "s",
};

describe("serveSettings: history, dashboard and benchmarks", () => {
  it("defaults the data directory to ./.data and keeps 90 days", () => {
    expect(serveSettings(base)).toMatchObject({
      dataDir: "./.data",
      retention: { days: 90, rows: 100_000 },
      githubUrl: "https://github.com",
    });
    expect(serveSettings(base).dashboardToken).toBeUndefined();
  });

  it("reads C4BOT_DATA_DIR, the retention, the dashboard token and the bench directory", () => {
    expect(
      serveSettings({
        ...base,
        C4BOT_DATA_DIR: "/data",
        C4BOT_RETENTION_DAYS: "0",
        C4BOT_RETENTION_ROWS: "500",
        C4BOT_DASHBOARD_TOKEN: "t0ken",
        C4BOT_BENCH_DIR: "/data/bench",
        GHE_HOST: "github.example.com",
      }),
    ).toMatchObject({
      dataDir: "/data",
      retention: { days: 0, rows: 500 },
      dashboardToken: "t0ken",
      benchDir: "/data/bench",
      githubUrl: "https://github.example.com",
    });
  });

  it("refuses a retention that is not a whole number", () => {
    expect(() => serveSettings({ ...base, C4BOT_RETENTION_DAYS: "a week" })).toThrow(
      /C4BOT_RETENTION_DAYS/,
    );
  });
});
