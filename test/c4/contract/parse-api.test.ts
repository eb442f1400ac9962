import { describe, expect, it } from "vitest";
import { ContractParseError } from "../../../src/c4/contract/contract-error.ts";
import { parseApiFiles } from "../../../src/c4/contract/parse-api.ts";
import { zfreshApi, zsockApi, zsockOptionApi } from "./contract-fixtures.ts";

function parse(files: Record<string, string>) {
  const result = parseApiFiles(new Map(Object.entries(files)));
  return new Map([...result.values()].flat().map((symbol) => [symbol.symbol, symbol]));
}

describe("parseApiFiles", () => {
  const symbols = parse({ "api/zsock.api": zsockApi, "api/zsock_option.api": zsockOptionApi });

  it("names members as the generated header declares them", () => {
    expect([...symbols.keys()].sort()).toEqual([
      "ZSOCK_DEFAULT_HWM",
      "zsock_bind",
      "zsock_destroy",
      "zsock_handler_fn",
      "zsock_join",
      "zsock_new",
      "zsock_new_pub",
      "zsock_new_server",
      "zsock_set_sndhwm",
      "zsock_sndhwm",
    ]);
  });

  it("gives members their own state or their class's", () => {
    expect(symbols.get("zsock_bind")?.state).toBe("stable");
    expect(symbols.get("zsock_join")?.state).toBe("draft");
    expect(symbols.get("zsock_new_server")?.state).toBe("draft");
    expect(symbols.get("zsock_sndhwm")?.state).toBe("stable");
    const fresh = parse({ "api/zfresh.api": zfreshApi });
    expect([...fresh.values()].map((symbol) => symbol.state)).toEqual(["draft", "draft", "draft"]);
  });

  it("keeps argument types, flags and return, not names or documentation", () => {
    expect(symbols.get("zsock_join")?.signature).toBe("polymorphic=1(type=string) -> type=integer");
    expect(symbols.get("ZSOCK_DEFAULT_HWM")?.signature).toBe("1000");
    const edited = zsockApi
      .replace("Bind a socket to a formatted endpoint.", "Bind the socket; see zsock_connect.")
      .replace('name = "format" type = "format"', 'name = "fmt" type = "format"');
    const again = parse({ "api/zsock.api": edited, "api/zsock_option.api": zsockOptionApi });
    expect(again.get("zsock_bind")).toEqual(symbols.get("zsock_bind"));
  });

  it("notes whether the model documents a member", () => {
    expect(symbols.get("zsock_bind")?.documented).toBe(true);
    expect(parse({ "api/zfresh.api": zfreshApi }).get("zfresh_poke")?.documented).toBe(false);
  });

  it("names the file and line of malformed XML", () => {
    const broken = zsockApi.replace("</method>", "</methd>");
    expect(() => parseApiFiles(new Map([["api/zsock.api", broken]]))).toThrow(ContractParseError);
    expect(() => parseApiFiles(new Map([["api/zsock.api", broken]]))).toThrow(
      /^api\/zsock\.api:28: malformed XML/,
    );
  });

  it("finds every kind of malformed model, one line each, and forgives HTML entities", () => {
    const errors = (text: string) => {
      try {
        parseApiFiles(new Map([["api/x.api", text]]));
        return "parsed";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(errors('<class name = "x">\n    <method name = "a">\n</class>\n')).toMatch(
      /^api\/x\.api:3: malformed XML: unexpected close tag/,
    );
    expect(errors('<class name = "x">\n    <method name = "a" />\n')).toMatch(
      /^api\/x\.api:3: malformed XML: unclosed tag: class/,
    );
    expect(errors('<class name = "x" name = "y" />')).toMatch(/^api\/x\.api:1: malformed XML/);
    expect(errors('<class name = "x>\n</class>')).toMatch(/^api\/x\.api:\d: malformed XML/);
    for (const message of [
      errors('<class name = "x">\n<method name = "a">\n</class>\n'),
      errors("<class>\n\n<"),
    ]) {
      expect(message.split("\n")).toHaveLength(1);
    }
    const entity = parse({
      "api/x.api": '<class name = "x">A&nbsp;class.<method name = "a" /></class>',
    });
    expect([...entity.keys()]).toEqual(["x_a"]);
    // An XML declaration at the top changes no line number.
    expect(errors('<?xml version = "1.0"?>\n<class name = "x">\n</clas>')).toMatch(
      /^api\/x\.api:3:/,
    );
  });
});
