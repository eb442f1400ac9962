import { describe, expect, it } from "vitest";
import {
  type ContractInput,
  type ContractSettings,
  compareContract,
  diffContract,
  type ParsedContract,
  parseApiFiles,
  parseHeader,
} from "../../../src/c4/contract/index.ts";
import { zfreshApi, zmqHeader, zsockApi, zsockOptionApi } from "./contract-fixtures.ts";

const defaults: ContractSettings = { files: [], ignore: ["_VERSION_(MAJOR|MINOR|PATCH)$"] };

function header(after: string, before = zmqHeader): ContractInput[] {
  return [{ path: "include/zmq.h", before, after }];
}

function api(after: string, before = zsockApi, fragment = zsockOptionApi): ContractInput[] {
  return [
    { path: "api/zsock.api", before, after },
    { path: "api/zsock_option.api", before: zsockOptionApi, after: fragment },
  ];
}

const kinds = (inputs: ContractInput[], settings = defaults) =>
  compareContract(inputs, settings).changes.map((change) => `${change.kind} ${change.symbol}`);

describe("compareContract on a libzmq-style header", () => {
  it("finds nothing in a comment-only reflow or a version bump", () => {
    const after = zmqHeader
      .replace("/*  Message options */", "/*  Message options\n    (reflowed) */")
      .replace("#define ZMQ_VERSION_MINOR 3", "#define ZMQ_VERSION_MINOR 4");
    expect(compareContract(header(after), defaults)).toEqual({
      breaking: false,
      files: ["include/zmq.h"],
      changes: [],
    });
  });

  it("breaks on a stable definition removed (2.6.3)", () => {
    const report = compareContract(header(zmqHeader.replace("#define ZMQ_MORE 1\n", "")), defaults);
    expect(report.breaking).toBe(true);
    expect(report.changes).toEqual([
      {
        symbol: "ZMQ_MORE",
        file: "include/zmq.h",
        kind: "stable-removed",
        clause: "2.6.3",
        before: "stable: 1",
        after: null,
      },
    ]);
  });

  it("breaks on enum values that shift when a member is inserted", () => {
    const after = zmqHeader.replace(
      "ZMQ_EVENT_ONE = 1,",
      "ZMQ_EVENT_ONE = 1,\n    ZMQ_EVENT_HALF,",
    );
    expect(kinds(header(after))).toEqual([
      "stable-added ZMQ_EVENT_HALF",
      "stable-changed ZMQ_EVENT_THREE",
      "stable-changed ZMQ_EVENT_TWO",
    ]);
  });

  it("breaks on a typedef'd function type that changes", () => {
    const after = zmqHeader.replace(
      "typedef void (zmq_free_fn) (void *data_, void *hint_);",
      "typedef void (zmq_free_fn) (void *data_, void *hint_, int flags_);",
    );
    expect(kinds(header(after))).toEqual(["stable-changed zmq_free_fn"]);
  });

  it("lets drafts come, change and go, and reports promotion", () => {
    const after = zmqHeader
      .replace("#define ZMQ_CLIENT 13\n", "")
      .replace(
        "ZMQ_EXPORT int zmq_join (void *s, const char *group);",
        "ZMQ_EXPORT int zmq_join (void *s, const char *group, int flags);\n#define ZMQ_RADIO 14",
      )
      .replace("#define ZMQ_SERVER 12\n", "")
      .replace("#define ZMQ_SUB 2\n", "#define ZMQ_SUB 2\n#define ZMQ_SERVER 12\n");
    expect(kinds(header(after))).toEqual([
      "draft-removed ZMQ_CLIENT",
      "draft-added ZMQ_RADIO",
      "promoted ZMQ_SERVER",
      "draft-changed zmq_join",
    ]);
  });

  it("warns on a symbol added straight to the stable part (2.6.5)", () => {
    const after = zmqHeader.replace(
      "#define ZMQ_MORE 1",
      "#define ZMQ_MORE 1\n#define ZMQ_SHARED 3",
    );
    const report = compareContract(header(after), defaults);
    expect(report.breaking).toBe(false);
    expect(report.changes[0]).toMatchObject({ kind: "stable-added", clause: "2.6.5" });
  });

  it("takes deprecation and the removal of the deprecated as fine (2.6.6, 2.6.7)", () => {
    const after = zmqHeader
      .replace("ZMQ_EXPORT int zmq_sendmsg (void *s_, zmq_msg_t *msg_, int flags_);\n", "")
      .replace(
        "ZMQ_EXPORT int zmq_bind (void *s_, const char *addr_);",
        'ZMQ_EXPORT ZMQ_DEPRECATED("use zmq_bind2") int zmq_bind (void *s_, const char *addr_);',
      );
    const report = compareContract(header(after), defaults);
    expect(report.breaking).toBe(false);
    expect(report.changes.map((change) => `${change.kind} ${change.clause}`)).toEqual([
      "deprecated 2.6.6",
      "deprecated-removed 2.6.7",
    ]);
  });

  it("reports a removed name that comes back with another meaning (2.6.8)", () => {
    const after = zmqHeader.replace(
      "#define ZMQ_MORE 1",
      "#define ZMQ_MORE 1\n#define ZMQ_SRCFD 7",
    );
    const report = compareContract(header(after), defaults, new Map([["ZMQ_SRCFD", "2"]]));
    expect(report.changes).toMatchObject([
      { symbol: "ZMQ_SRCFD", kind: "name-reused", clause: "2.6.8", before: "removed: 2" },
    ]);
  });

  it("ignores a header without a draft guard unless config names it", () => {
    const plain = "int plain_fn (void);\n";
    const inputs = [{ path: "include/plain.h", before: plain, after: "" }];
    expect(compareContract(inputs, defaults).files).toEqual([]);
    const named = { ...defaults, files: [{ path: "include/*.h", kind: "c-header" as const }] };
    expect(kinds(inputs, named)).toEqual(["stable-removed plain_fn"]);
  });
});

describe("compareContract on zproject models", () => {
  it("finds nothing when only documentation and order change", () => {
    const after = zsockApi
      .replace("Create a PUB socket.", "Create a PUB socket; binds by default.")
      .replace(
        /(<method name = "bind">[\s\S]*?<\/method>)\s*(<method name = "join"[\s\S]*?<\/method>)/,
        "$2\n\n    $1",
      );
    expect(compareContract(api(after), defaults).changes).toEqual([]);
  });

  it("warns on a method added straight to a stable class (the czmq case)", () => {
    const after = zsockApi.replace(
      '<include filename = "zsock_option.api" />',
      '<method name = "unbind">\n        Unbind.\n        <return type = "integer" />\n    </method>\n    <include filename = "zsock_option.api" />',
    );
    expect(kinds(api(after))).toEqual(["stable-added zsock_unbind"]);
  });

  it("breaks on a method removed from an included fragment", () => {
    const fragment = zsockOptionApi.replace(/<method name = "set sndhwm"[\s\S]*?<\/method>/, "");
    const report = compareContract(api(zsockApi, zsockApi, fragment), defaults);
    expect(report.breaking).toBe(true);
    expect(report.changes).toMatchObject([
      { symbol: "zsock_set_sndhwm", file: "api/zsock_option.api", kind: "stable-removed" },
    ]);
  });

  it("breaks on a changed argument type, not on a renamed argument", () => {
    const renamed = zsockApi.replace(
      'name = "endpoint" type = "string" />\n    </constructor>\n\n    <constructor name = "new server"',
      'name = "address" type = "string" />\n    </constructor>\n\n    <constructor name = "new server"',
    );
    expect(kinds(api(renamed))).toEqual([]);
    const retyped = zsockApi.replace(
      '<argument name = "type" type = "integer" />',
      '<argument name = "type" type = "string" />',
    );
    expect(kinds(api(retyped))).toEqual(["stable-changed zsock_new"]);
  });

  it("promotes members of a class that turns stable, and lets a draft class go", () => {
    const promoted = zfreshApi.replace('state = "draft"', 'state = "stable"');
    const inputs = [{ path: "api/zfresh.api", before: zfreshApi, after: promoted }];
    expect(kinds(inputs)).toEqual([
      "promoted zfresh_destroy",
      "promoted zfresh_new",
      "promoted zfresh_poke",
    ]);
    expect(kinds([{ path: "api/zfresh.api", before: zfreshApi, after: null }])).toEqual([
      "draft-removed zfresh_destroy",
      "draft-removed zfresh_new",
      "draft-removed zfresh_poke",
    ]);
  });

  it("takes legacy and deprecated members as removable", () => {
    const marked = zsockApi.replace(
      '<method name = "bind">',
      '<method name = "bind" state = "legacy">',
    );
    expect(kinds(api(marked))).toEqual(["deprecated zsock_bind"]);
    const gone = marked.replace(/<method name = "bind"[\s\S]*?<\/method>/, "");
    expect(compareContract(api(gone, marked), defaults).changes).toMatchObject([
      { symbol: "zsock_bind", kind: "deprecated-removed", clause: "2.6.7" },
    ]);
  });
});

/** The comparison with every file parsed: what the partial parse must equal. */
function parsingEverything(inputs: ContractInput[], settings = defaults) {
  const side = (pick: "before" | "after"): ParsedContract[] => {
    const present = inputs.filter((input) => input[pick] !== null);
    const models = new Map(
      present
        .filter((input) => input.path.endsWith(".api"))
        .map((input) => [input.path, input[pick] as string]),
    );
    const headers = present
      .filter((input) => input.path.endsWith(".h"))
      .map((input) => ({ path: input.path, symbols: parseHeader(input[pick] as string) }));
    const parsed = [...parseApiFiles(models)].map(([path, symbols]) => ({ path, symbols }));
    return [...parsed, ...headers].sort((a, b) => (a.path < b.path ? -1 : 1));
  };
  const ignore = settings.ignore.map((source) => new RegExp(source, "u"));
  return diffContract(side("before"), side("after"), {
    ignore: (symbol) => ignore.some((pattern) => pattern.test(symbol)),
  });
}

describe("compareContract parses only what a patch touches", () => {
  const other = `#ifdef OTHER_BUILD_DRAFT_API\nint other_draft (void);\n#endif\nint zmq_bind (void *s_, const char *addr_);\n`;
  const noInclude = zsockApi.replace('<include filename = "zsock_option.api" />', "");
  const scenarios: Record<string, ContractInput[]> = {
    "a class that drops its include loses the unchanged fragment's members": api(noInclude),
    "a class that gains an include gains the fragment's members": api(zsockApi, noInclude),
    "a changed fragment changes the unchanged class that includes it": api(
      zsockApi,
      zsockApi,
      zsockOptionApi.replace('type = "integer" />\n</method>', 'type = "size" />\n</method>'),
    ),
    "a name dropped from one header but declared, unchanged, in another is no change": [
      ...header(zmqHeader.replace(/ZMQ_EXPORT int zmq_bind [^\n]*\n/, "")),
      { path: "include/a_other.h", before: other, after: other },
    ],
    "a name kept in one header and dropped from a later one is no change": [
      ...header(zmqHeader.replace(/ZMQ_EXPORT int zmq_bind [^\n]*\n/, "")),
      { path: "include/z_other.h", before: other, after: other },
    ],
    "an unchanged class beside a changed one": [
      ...api(noInclude),
      { path: "api/zfresh.api", before: zfreshApi, after: zfreshApi },
    ],
  };

  for (const [name, inputs] of Object.entries(scenarios)) {
    it(`equals parsing every file: ${name}`, () => {
      const expected = parsingEverything(inputs);
      expect(compareContract(inputs, defaults).changes).toEqual(expected);
    });
  }

  it("leaves an unchanged model unparsed: even a malformed one does not stop it", () => {
    const broken = `<class name = "zbroken">\n    <method name = "x">\n</class>\n`;
    const report = compareContract(
      [
        ...header(zmqHeader.replace("#define ZMQ_MORE 1\n", "")),
        { path: "api/zbroken.api", before: broken, after: broken },
      ],
      defaults,
    );
    expect(report.files).toEqual(["api/zbroken.api", "include/zmq.h"]);
    expect(report.changes.map((change) => change.symbol)).toEqual(["ZMQ_MORE"]);
    // Touched, the same file is read, and its error names it.
    expect(() =>
      compareContract([{ path: "api/zbroken.api", before: zfreshApi, after: broken }], defaults),
    ).toThrow(/zbroken\.api/);
  });
});
