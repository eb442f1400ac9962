import { describe, expect, it } from "vitest";
import { C4_CHECK_NAME, ciGreen } from "../../../src/c4/rules/ci-green.ts";
import type { Check } from "../../../src/c4/snapshot.ts";
import { CREATED, check, config, snapshot } from "../fixtures.ts";

type Outcome = "pass" | "fail" | "pending";

function run(checks: Check[], defaultBranchChecks: Check[] = [check()], principal: string[] = []) {
  return ciGreen.evaluate(
    snapshot({ checks, defaultBranchChecks }),
    config({ rules: { "ci-green": { principal } } }),
  );
}

const FIX = "Look at the failing check's log, fix the patch, and push: c4bot checks again.";
const done = (conclusion: Check["conclusion"], name = "build") =>
  check({ name, status: "completed", conclusion });
/** A commit status, normalised as snapshot.ts documents it. */
const status = (state: "pending" | "success" | "failure" | "error", name = "ci/jenkins") =>
  check({
    name,
    kind: "status",
    status: state === "pending" ? "pending" : "completed",
    conclusion: state === "pending" ? null : state,
  });

describe("ci-green: no checks on the head", () => {
  /** Opened (and last committed) at CREATED, 10:00; `now` is minutes after it. */
  const at = (minutes: number) => new Date(Date.parse(CREATED) + minutes * 60_000).toISOString();
  const judge = (overrides: Parameters<typeof snapshot>[0], minutes: number, grace = 15) =>
    ciGreen.evaluate(
      snapshot({ checks: [], defaultBranchChecks: [], now: at(minutes), ...overrides }),
      config({ rules: { "ci-green": { graceMinutes: grace } } }),
    );

  it("waits for CI while the default branch runs checks, then holds visibly", () => {
    const onMaster = [check({ name: "build" }), check({ name: "lint" })];
    const early = judge({ defaultBranchChecks: onMaster }, 5);
    expect(early).toEqual({
      outcome: "pending",
      message:
        'No check has started on this head yet, while the project has CI: checks on master ("build", "lint").',
      fix: expect.stringContaining("approve the workflow run"),
      recheckAt: at(15),
    });
    const late = judge({ defaultBranchChecks: onMaster }, 15);
    expect(late.outcome).toBe("pending");
    expect(late.message).toBe(
      'No CI reported on this head within 15 minutes, while the project has CI: checks on master ("build", "lint"). Held: c4bot does not merge a patch its CI has not seen.',
    );
    expect(late.fix).toContain("`ci-green: off`");
    expect(late.recheckAt).toBeUndefined();
  });

  it.each<[string, Parameters<typeof snapshot>[0], string]>([
    [
      "workflow files",
      { ci: { workflows: ["ci.yml", "docs.yml"], requiredChecks: [], recentPullChecks: false } },
      'workflow files ("ci.yml", "docs.yml")',
    ],
    [
      "many workflow files",
      {
        ci: {
          workflows: ["a.yml", "b.yml", "c.yml", "d.yml"],
          requiredChecks: [],
          recentPullChecks: false,
        },
      },
      'workflow files ("a.yml", "b.yml", "c.yml", 1 more)',
    ],
    [
      "checks on recent pull requests",
      { ci: { workflows: [], requiredChecks: [], recentPullChecks: true } },
      "checks on recent pull requests",
    ],
    [
      "only the C4 check required (a merge queue's)",
      { ci: { workflows: [], requiredChecks: ["C4"], recentPullChecks: false } },
      'required checks on master ("C4")',
    ],
  ])("takes %s as CI that has not started", (_name, overrides, evidence) => {
    const result = judge(overrides, 1);
    expect(result.outcome).toBe("pending");
    expect(result.message).toBe(
      `No check has started on this head yet, while the project has CI: ${evidence}.`,
    );
  });

  it("counts the grace period from a later push, not from the opening", () => {
    const pushed = snapshot().commits.map((c) => ({ ...c, committedAt: at(60) }));
    const result = judge({ defaultBranchChecks: [check()], commits: pushed }, 70);
    expect(result).toMatchObject({ outcome: "pending", recheckAt: at(75) });
  });

  it("holds at once with a grace period of 0", () => {
    expect(judge({ defaultBranchChecks: [check()] }, 0, 0).message).toMatch(/^No CI reported/);
  });

  it("passes when the project shows no CI anywhere c4bot looks", () => {
    expect(judge({}, 60)).toEqual({
      outcome: "pass",
      message:
        "The project shows no CI (no workflow files, required checks, or checks on master or recent pull requests), so there is nothing to wait for.",
    });
  });

  it.each<[string, Check[], Check[], Outcome]>([
    ["only C4 on the head, CI on master", [check({ name: C4_CHECK_NAME })], [check()], "pending"],
    [
      "only C4 anywhere",
      [check({ name: C4_CHECK_NAME })],
      [check({ name: C4_CHECK_NAME })],
      "pass",
    ],
    [
      "a failing C4 check next to a green build",
      [done("failure", C4_CHECK_NAME), done("success")],
      [],
      "pass",
    ],
  ])("ignores the bot's own C4 check: %s", (_name, checks, onDefault, outcome) => {
    expect(run(checks, onDefault).outcome).toBe(outcome);
  });
});

describe("ci-green: every check must pass", () => {
  it.each<[string, Check[], Outcome, string]>([
    ["success", [done("success")], "pass", "The check passed."],
    ["neutral counts as success", [done("neutral")], "pass", "The check passed."],
    ["skipped counts as success", [done("skipped")], "pass", "The check passed."],
    [
      "several green",
      [done("success"), done("neutral", "lint"), done("skipped", "docs")],
      "pass",
      "All 3 checks passed.",
    ],
    ["failure", [done("failure")], "fail", 'Check "build" failed.'],
    ["cancelled", [done("cancelled")], "fail", 'Check "build" failed.'],
    ["timed_out", [done("timed_out")], "fail", 'Check "build" failed.'],
    ["action_required", [done("action_required")], "fail", 'Check "build" failed.'],
    ["startup_failure", [done("startup_failure")], "fail", 'Check "build" failed.'],
    ["stale", [done("stale")], "fail", 'Check "build" failed.'],
    [
      "two failures",
      [done("failure"), done("timed_out", "test")],
      "fail",
      'Checks "build", "test" failed.',
    ],
    [
      "queued",
      [check({ status: "queued", conclusion: null })],
      "pending",
      'Waiting for check "build".',
    ],
    [
      "in progress",
      [check({ status: "in_progress", conclusion: null })],
      "pending",
      'Waiting for check "build".',
    ],
    [
      "waiting",
      [check({ status: "waiting", conclusion: null })],
      "pending",
      'Waiting for check "build".',
    ],
    [
      "requested",
      [check({ status: "requested", conclusion: null })],
      "pending",
      'Waiting for check "build".',
    ],
    ["completed without a conclusion", [done(null)], "pending", 'Waiting for check "build".'],
    [
      "a failure outranks a running check",
      [done("failure"), check({ name: "test", status: "in_progress", conclusion: null })],
      "fail",
      'Check "build" failed.',
    ],
    [
      "two running",
      [
        check({ status: "queued", conclusion: null }),
        check({ name: "test", status: "queued", conclusion: null }),
      ],
      "pending",
      'Waiting for checks "build", "test".',
    ],
    ["status pending", [status("pending")], "pending", 'Waiting for check "ci/jenkins".'],
    ["status success", [status("success")], "pass", "The check passed."],
    ["status failure", [status("failure")], "fail", 'Check "ci/jenkins" failed.'],
    ["status error", [status("error")], "fail", 'Check "ci/jenkins" failed.'],
    [
      "statuses and check runs together",
      [status("success"), done("success")],
      "pass",
      "All 2 checks passed.",
    ],
  ])("%s", (_name, checks, outcome, message) => {
    const result = run(checks);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    if (outcome === "fail") expect(result.fix).toBe(FIX);
  });
});

describe("ci-green: re-runs, the later one counts", () => {
  const at = (conclusion: Check["conclusion"], time: string) =>
    check({ status: "completed", conclusion, at: time });

  it.each<[string, Check[], Outcome]>([
    [
      "failed, then passed",
      [at("failure", "2024-05-10T10:00:00Z"), at("success", "2024-05-10T11:00:00Z")],
      "pass",
    ],
    [
      "passed, then failed",
      [at("success", "2024-05-10T10:00:00Z"), at("failure", "2024-05-10T11:00:00Z")],
      "fail",
    ],
    [
      "listed out of order",
      [at("success", "2024-05-10T11:00:00Z"), at("failure", "2024-05-10T10:00:00Z")],
      "pass",
    ],
    [
      "a re-run in progress after a failure",
      [
        at("failure", "2024-05-10T10:00:00Z"),
        check({ status: "in_progress", conclusion: null, at: "2024-05-10T11:00:00Z" }),
      ],
      "pending",
    ],
    // Compared as instants: as text "10:00:00.500Z" < "10:00:00Z", and "11:30+02:00" > "10:00Z".
    [
      "fractional seconds",
      [at("success", "2024-05-10T10:00:00.500Z"), at("failure", "2024-05-10T10:00:00Z")],
      "pass",
    ],
    [
      "time-zone offsets",
      [at("success", "2024-05-10T10:00:00Z"), at("failure", "2024-05-10T11:30:00+02:00")],
      "pass",
    ],
    ["without times, the later in the list", [done("failure"), done("success")], "pass"],
  ])("%s", (_name, checks, outcome) => {
    expect(run(checks).outcome).toBe(outcome);
  });
});

describe("ci-green: principal checks (C4 2.3.6)", () => {
  const principal = ["linux"];
  it.each<[string, Check[], Outcome, string]>([
    ["principal green", [done("success", "linux")], "pass", 'Principal checks "linux" passed.'],
    [
      "principal green, another failed: not blocking but said",
      [done("success", "linux"), done("failure", "windows")],
      "pass",
      'Principal checks "linux" passed (not principal, so not blocking: "windows" failed).',
    ],
    [
      "principal missing past the grace period",
      [done("success", "windows")],
      "pending",
      'No CI reported: principal check "linux" did not appear within 15 minutes; held.',
    ],
    [
      "nothing at all past the grace period",
      [],
      "pending",
      'No CI reported: principal check "linux" did not appear within 15 minutes; held.',
    ],
    [
      "principal running, another failed",
      [
        check({ name: "linux", status: "in_progress", conclusion: null }),
        done("failure", "windows"),
      ],
      "pending",
      'Waiting for principal check "linux" (not principal, so not blocking: "windows" failed).',
    ],
    ["principal failing", [done("failure", "linux")], "fail", 'Principal check "linux" failed.'],
    [
      "principal status error",
      [status("error", "linux")],
      "fail",
      'Principal check "linux" failed.',
    ],
    ["principal neutral", [done("neutral", "linux")], "pass", 'Principal checks "linux" passed.'],
  ])("%s", (_name, checks, outcome, message) => {
    const result = run(checks, [], principal);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
    if (outcome === "fail") expect(result.fix).toBe(FIX);
  });

  it("names every missing or failing principal check", () => {
    const two = ["linux", "macos"];
    expect(run([], [], two).message).toBe(
      'No CI reported: principal checks "linux", "macos" did not appear within 15 minutes; held.',
    );
    expect(
      run([check({ name: "macos", status: "queued", conclusion: null })], [], two).message,
    ).toBe('Waiting for principal checks "macos", "linux".');
    expect(run([done("failure", "linux"), done("failure", "macos")], [], two).message).toBe(
      'Principal checks "linux", "macos" failed.',
    );
  });

  it("never takes the C4 check as a principal one", () => {
    expect(run([done("success", C4_CHECK_NAME)], [], [C4_CHECK_NAME]).outcome).toBe("pending");
  });
});

describe("ci-green: principal checks by glob", () => {
  const matrix = ["test (ubuntu-*)", "lint?"];
  it.each<[string, Check[], Outcome, string]>([
    [
      "every matching job green, another platform failed",
      [
        done("success", "test (ubuntu-22.04)"),
        done("success", "test (ubuntu-24.04)"),
        done("success", "lint1"),
        done("failure", "test (windows-2022)"),
      ],
      "pass",
      'Principal checks "test (ubuntu-*)", "lint?" passed (not principal, so not blocking: "test (windows-2022)" failed).',
    ],
    [
      "one matching job failed",
      [
        done("success", "test (ubuntu-22.04)"),
        done("failure", "test (ubuntu-24.04)"),
        done("success", "lintx"),
      ],
      "fail",
      'Principal check "test (ubuntu-24.04)" failed.',
    ],
    [
      "one matching job running",
      [
        check({ name: "test (ubuntu-22.04)", status: "in_progress", conclusion: null }),
        done("success", "lintx"),
      ],
      "pending",
      'Waiting for principal check "test (ubuntu-22.04)".',
    ],
    [
      "`?` is one character, and globs are anchored",
      [done("success", "test (ubuntu-22.04)"), done("success", "lint"), done("success", "lint12")],
      "pending",
      'No CI reported: principal check "lint?" did not appear within 15 minutes; held.',
    ],
    [
      "regular-expression characters are literal",
      [
        done("success", "test (ubuntu-x)"),
        done("success", "lint."),
        done("failure", "test Xubuntu-x)"),
      ],
      "pass",
      'Principal checks "test (ubuntu-*)", "lint?" passed (not principal, so not blocking: "test Xubuntu-x)" failed).',
    ],
  ])("%s", (_name, checks, outcome, message) => {
    const result = run(checks, [], matrix);
    expect(result.outcome).toBe(outcome);
    expect(result.message).toBe(message);
  });

  it("waits for a missing principal check within the grace period, and says when to look again", () => {
    const result = ciGreen.evaluate(
      snapshot({ checks: [done("success", "windows")], now: "2024-05-10T10:05:00Z" }),
      config({ rules: { "ci-green": { principal: ["linux"] } } }),
    );
    expect(result).toEqual({
      outcome: "pending",
      message: 'Waiting for principal check "linux".',
      recheckAt: "2024-05-10T10:15:00.000Z",
    });
  });
});

describe("ci-green: the base branch's required checks (rulesets, branch protection)", () => {
  const required = (checks: Check[], names: string[], principal: string[] = []) =>
    ciGreen.evaluate(
      snapshot({
        checks,
        ci: { workflows: ["ci.yml"], requiredChecks: names, recentPullChecks: true },
      }),
      config({ rules: { "ci-green": { principal } } }),
    );

  it("blocks on the required checks only: a failing other job is listed, not blocking", () => {
    expect(required([done("success", "linux"), done("failure", "windows")], ["linux"])).toEqual({
      outcome: "pass",
      message: 'Required checks "linux" passed (not required, so not blocking: "windows" failed).',
    });
  });

  it("fails on a failing required check", () => {
    expect(
      required([done("failure", "linux"), done("success", "windows")], ["linux"]),
    ).toMatchObject({
      outcome: "fail",
      message: 'Required check "linux" failed.',
      fix: FIX,
    });
  });

  it("waits for a required check that runs", () => {
    const running = check({ name: "linux", status: "queued", conclusion: null });
    expect(required([running], ["linux"]).message).toBe('Waiting for required check "linux".');
  });

  it("leaves C4 out of the required checks: it cannot wait for its own verdict", () => {
    expect(required([done("success", "linux")], ["linux", C4_CHECK_NAME])).toEqual({
      outcome: "pass",
      message: 'Required checks "linux" passed.',
    });
  });

  it("lets the configured principal checks win over the required ones", () => {
    const result = required(
      [done("success", "linux"), done("failure", "windows")],
      ["windows"],
      ["linux"],
    );
    expect(result.outcome).toBe("pass");
    expect(result.message).toMatch(/^Principal checks "linux" passed/);
  });
});
