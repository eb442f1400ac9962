import { describe, expect, it } from "vitest";
import { C4_CHECK_NAME, ciGreen } from "../../../src/c4/rules/ci-green.ts";
import type { Check } from "../../../src/c4/snapshot.ts";
import { check, config, snapshot } from "../fixtures.ts";

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
  it("is pending while the default branch runs checks, with a hint for first-time contributors", () => {
    const result = run([], [check({ name: "build" }), check({ name: "lint" })]);
    expect(result.outcome).toBe("pending");
    expect(result.message).toBe(
      'No check has started on this head yet, while master runs "build", "lint".',
    );
    expect(result.fix).toContain("approve the workflow run");
  });

  it("passes when the project shows no CI at all", () => {
    expect(run([], [])).toEqual({
      outcome: "pass",
      message: "The project shows no CI, so there is nothing to wait for.",
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
      "principal missing",
      [done("success", "windows")],
      "pending",
      'Waiting for principal check "linux".',
    ],
    ["nothing at all", [], "pending", 'Waiting for principal check "linux".'],
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
    expect(run([], [], two).message).toBe('Waiting for principal checks "linux", "macos".');
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
