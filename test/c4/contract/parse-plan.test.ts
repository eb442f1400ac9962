import { describe, expect, it } from "vitest";
import type { ContractFileSpec } from "../../../src/c4/contract/index.ts";
import { filesToParse, mayDeclare, type PlannedFile } from "../../../src/c4/contract/parse-plan.ts";
import { zfreshApi, zmqHeader, zsockApi, zsockOptionApi } from "./contract-fixtures.ts";

const model: ContractFileSpec = { path: "api/*.api", kind: "zproject" };
const headerSpec: ContractFileSpec = { path: "include/*.h", kind: "c-header" };

function file(path: string, before: string | null, after = before): PlannedFile {
  return { path, spec: path.endsWith(".h") ? headerSpec : model, before, after };
}

const sorted = (paths: Set<string>) => [...paths].sort();

describe("filesToParse", () => {
  it("parses nothing when nothing changed", () => {
    expect(
      filesToParse([file("api/zsock.api", zsockApi), file("include/zmq.h", zmqHeader)]),
    ).toEqual(new Set());
  });

  it("takes a changed file alone when nothing includes it", () => {
    const files = [
      file("api/zfresh.api", zfreshApi, zfreshApi.replace("poke", "prod")),
      file("api/zsock.api", zsockApi),
      file("api/zsock_option.api", zsockOptionApi),
      file("include/zmq.h", zmqHeader),
    ];
    expect(sorted(filesToParse(files))).toEqual(["api/zfresh.api"]);
  });

  it("takes the unchanged class that includes a changed fragment", () => {
    const files = [
      file("api/zsock.api", zsockApi),
      file("api/zsock_option.api", zsockOptionApi, zsockOptionApi.replace("sndhwm", "rcvhwm")),
      file("api/zfresh.api", zfreshApi),
    ];
    expect(sorted(filesToParse(files))).toEqual(["api/zsock.api", "api/zsock_option.api"]);
  });

  it("takes the unchanged fragment a changed class includes, or included before", () => {
    const dropped = zsockApi.replace('<include filename = "zsock_option.api" />', "");
    const files = [
      file("api/zsock.api", zsockApi, dropped),
      file("api/zsock_option.api", zsockOptionApi),
    ];
    expect(sorted(filesToParse(files))).toEqual(["api/zsock.api", "api/zsock_option.api"]);
  });
});

describe("mayDeclare", () => {
  it("reads a header's names from its text", () => {
    expect(mayDeclare(file("include/zmq.h", zmqHeader), "zmq_bind")).toBe(true);
    expect(mayDeclare(file("include/zmq.h", zmqHeader), "enum zmq_unheard_of")).toBe(false);
  });

  it("reads a model's names from its classes, in any case", () => {
    expect(mayDeclare(file("api/zsock.api", zsockApi), "zsock_new_pub")).toBe(true);
    expect(mayDeclare(file("api/zsock.api", zsockApi), "ZSOCK_DEFAULT_HWM")).toBe(true);
    expect(mayDeclare(file("api/zsock.api", zsockApi), "zfresh_poke")).toBe(false);
    // A fragment alone is named after its file.
    expect(mayDeclare(file("api/zsock_option.api", zsockOptionApi), "zsock_option_sndhwm")).toBe(
      true,
    );
  });
});
