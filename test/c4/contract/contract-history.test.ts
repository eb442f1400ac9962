import { describe, expect, it } from "vitest";
import {
  contractHistory,
  type HistorySettings,
  type ReleaseContract,
} from "../../../src/c4/contract/contract-history.ts";
import { ContractParseError } from "../../../src/c4/contract/index.ts";
import { parseRevision } from "../../../src/c4/contract/parse-revision.ts";
import { zmqHeader, zwidgetApi } from "./contract-fixtures.ts";

const defaults: HistorySettings = { draftReleases: 3, deprecatedReleases: 2 };
type States = Parameters<typeof zwidgetApi>[0];

/** Releases v1, v2, ... of api/zwidget.api, oldest first. */
function releases(...states: States[]): ReleaseContract[] {
  return states.map((state, i) => ({
    tag: `v${i + 1}`,
    contracts: parseRevision([{ path: "api/zwidget.api", text: zwidgetApi(state) }], []),
  }));
}

const names = (history: ReturnType<typeof contractHistory>) => ({
  promote: history.promote.map((entry) => `${entry.symbol} since ${entry.since}`),
  remove: history.remove.map((entry) => `${entry.symbol} since ${entry.since}`),
});

describe("contractHistory (C4 2.6.5, 2.6.7)", () => {
  const fourReleases = releases({}, {}, { oldHwm: "deprecated" }, { oldHwm: "deprecated" });

  it("lists a draft of every release and a constant deprecated in the last two", () => {
    expect(contractHistory(fourReleases, defaults)).toEqual({
      promote: [
        {
          symbol: "zwidget_poke",
          file: "api/zwidget.api",
          state: "draft",
          since: "v1",
          releases: 4,
        },
      ],
      remove: [
        {
          symbol: "ZWIDGET_OLD_HWM",
          file: "api/zwidget.api",
          state: "deprecated",
          since: "v3",
          releases: 2,
        },
      ],
    });
  });

  it("waits for the configured number of releases", () => {
    expect(
      names(contractHistory(fourReleases, { draftReleases: 5, deprecatedReleases: 3 })),
    ).toEqual({ promote: [], remove: [] });
    expect(names(contractHistory(fourReleases.slice(0, 2), defaults))).toEqual({
      promote: [],
      remove: [],
    });
    expect(contractHistory([], defaults)).toEqual({ promote: [], remove: [] });
  });

  it("counts a draft from its last signature change: a changing draft is not stable yet", () => {
    const changed = releases({}, {}, { pokeType: "string" }, { pokeType: "string" });
    expect(names(contractHistory(changed, defaults)).promote).toEqual([]);
    expect(names(contractHistory(changed, { ...defaults, draftReleases: 2 })).promote).toEqual([
      "zwidget_poke since v3",
    ]);
  });

  it("counts a draft only from its last draft period, and legacy as deprecated", () => {
    const history = releases(
      {},
      { poke: null, oldHwm: "legacy" },
      { oldHwm: "deprecated" },
      { oldHwm: "legacy" },
    );
    expect(names(contractHistory(history, { draftReleases: 1, deprecatedReleases: 3 }))).toEqual({
      promote: ["zwidget_poke since v3"],
      remove: ["ZWIDGET_OLD_HWM since v2"],
    });
  });

  it("leaves out what the default branch has already promoted or removed", () => {
    const head = (states: States) =>
      parseRevision([{ path: "api/zwidget.api", text: zwidgetApi(states) }], []);
    const unchanged = head({ oldHwm: "deprecated" });
    expect(names(contractHistory(fourReleases, defaults, unchanged))).toEqual({
      promote: ["zwidget_poke since v1"],
      remove: ["ZWIDGET_OLD_HWM since v3"],
    });
    const done = head({ poke: "stable", oldHwm: null });
    expect(names(contractHistory(fourReleases, defaults, done))).toEqual({
      promote: [],
      remove: [],
    });
    // A draft changed on the branch starts its count again.
    const changed = head({ pokeType: "string", oldHwm: "deprecated" });
    expect(names(contractHistory(fourReleases, defaults, changed)).promote).toEqual([]);
  });

  it("skips ignored symbols", () => {
    const history = contractHistory(fourReleases, {
      ...defaults,
      ignore: (name) => name === "zwidget_poke",
    });
    expect(names(history).promote).toEqual([]);
  });
});

describe("parseRevision", () => {
  it("reads a guarded header and models by ZeroMQ's layouts, and nothing else", () => {
    const contracts = parseRevision(
      [
        { path: "include/zmq.h", text: zmqHeader },
        { path: "include/plain.h", text: "int plain (void);\n" },
        { path: "api/zwidget.api", text: zwidgetApi({}) },
        { path: "src/zmq.cpp", text: "int x;\n" },
      ],
      [],
    );
    expect(contracts.map((contract) => contract.path)).toEqual([
      "api/zwidget.api",
      "include/zmq.h",
    ]);
    const drafts = contracts
      .flatMap((contract) => contract.symbols)
      .filter((symbol) => symbol.state === "draft")
      .map((symbol) => symbol.symbol);
    expect(drafts).toEqual(expect.arrayContaining(["zwidget_poke", "zmq_join", "ZMQ_SERVER"]));
  });

  it("reads only the configured files when the config names them", () => {
    const contracts = parseRevision(
      [
        { path: "include/plain.h", text: "int plain (void);\n" },
        { path: "api/zwidget.api", text: zwidgetApi({}) },
      ],
      [{ path: "include/plain.h", kind: "c-header" }],
    );
    expect(contracts.map((contract) => contract.path)).toEqual(["include/plain.h"]);
    expect(contracts[0]?.symbols.map((symbol) => `${symbol.state} ${symbol.symbol}`)).toEqual([
      "stable plain",
    ]);
  });

  it("refuses a model cut short, naming the file", () => {
    const cut = [
      { path: "api/zwidget.api", text: '<class name = "zwidget">\n<method name = "poke">\n' },
    ];
    expect(() => parseRevision(cut, [])).toThrow(ContractParseError);
    expect(() => parseRevision(cut, [])).toThrow(/api\/zwidget\.api/);
  });
});
