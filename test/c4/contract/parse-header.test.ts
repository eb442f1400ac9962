import { describe, expect, it } from "vitest";
import { parseHeader } from "../../../src/c4/contract/parse-header.ts";
import { zmqHeader } from "./contract-fixtures.ts";

const bySymbol = (text: string, options = {}) =>
  new Map(parseHeader(text, options).map((symbol) => [symbol.symbol, symbol]));

describe("parseHeader", () => {
  const symbols = bySymbol(zmqHeader);

  it("reads functions without their parameter names", () => {
    expect(symbols.get("zmq_bind")).toMatchObject({
      kind: "function",
      state: "stable",
      signature: "int (void *, const char *)",
    });
    expect(symbols.get("zmq_socket")?.signature).toBe("void * (void *, int)");
    expect(symbols.get("zmq_msg_init_data")?.signature).toBe(
      "int (zmq_msg_t *, void *, size_t, zmq_free_fn *, void *)",
    );
  });

  it("reads macros, typedefs and enum constants with their counted values", () => {
    expect(symbols.get("ZMQ_PUB")).toMatchObject({ kind: "macro", signature: "1" });
    expect(symbols.get("zmq_free_fn")).toMatchObject({
      kind: "type",
      signature: "void () (void *, void *)",
    });
    expect(symbols.get("zmq_msg_t")?.kind).toBe("type");
    expect(symbols.get("ZMQ_EVENT_TWO")).toMatchObject({ kind: "enum-constant", signature: "2" });
    expect(symbols.get("ZMQ_EVENT_THREE")?.signature).toBe("3");
  });

  it("marks the draft block draft and the deprecated section deprecated", () => {
    expect(symbols.get("zmq_join")?.state).toBe("draft");
    expect(symbols.get("ZMQ_SERVER")?.state).toBe("draft");
    expect(symbols.get("zmq_timer_fn")?.state).toBe("draft");
    expect(symbols.get("ZMQ_NOBLOCK")?.state).toBe("deprecated");
    expect(symbols.get("zmq_sendmsg")?.state).toBe("deprecated");
    expect(symbols.get("ZMQ_MORE")?.state).toBe("stable");
  });

  it("leaves out include guards and C++ wrappers, and keeps per-platform definitions", () => {
    expect(symbols.has("__EXAMPLE_ZMQ_H_INCLUDED__")).toBe(false);
    expect(symbols.get("ZMQ_EXPORT")?.signature).toBe("__declspec ( dllexport ) | ");
  });

  it("sees a deprecation macro on a declaration", () => {
    const text = 'ZMQ_EXPORT ZMQ_DEPRECATED("use zmq_poller") int zmq_old (void *s_);\n';
    expect(bySymbol(text).get("zmq_old")).toMatchObject({
      state: "deprecated",
      signature: "int (void *)",
    });
  });

  it("honours a configured draft macro and #ifndef ... #else", () => {
    const text = [
      "#ifndef MYLIB_DRAFTS",
      "int stable_one (void);",
      "#else",
      "int draft_one (void);",
      "#endif",
    ].join("\n");
    const found = bySymbol(text, { draft: "MYLIB_DRAFTS" });
    expect(found.get("stable_one")?.state).toBe("stable");
    expect(found.get("draft_one")?.state).toBe("draft");
  });

  it("gives the same symbols when only comments and layout change", () => {
    const reflowed = zmqHeader
      .replace("/*  Socket types. */", "/*  Socket types, reflowed\n    over two lines. */")
      .replace(
        "ZMQ_EXPORT int zmq_bind (void *s_, const char *addr_);",
        "ZMQ_EXPORT int\nzmq_bind (void *socket, const char *endpoint); // binds",
      );
    expect(parseHeader(reflowed)).toEqual(parseHeader(zmqHeader));
  });
});
