import { posix } from "node:path";
import { SaxesParser } from "saxes";
import { ContractParseError } from "./contract-error.ts";
import type { ContractState, ContractSymbol, SymbolKind } from "./contract-symbol.ts";

/** Parsed files by path and text, so an unchanged file is parsed once for two revisions. */
export type ApiCache = Map<string, unknown>;

/** One XML element of a model, as much of it as the contract needs. */
interface Element {
  tag: string;
  attributes: Readonly<Record<string, string>>;
  children: Element[];
  /** Whether it holds text of its own: documentation. */
  text: boolean;
}

const STATES = new Set<ContractState>(["draft", "stable", "deprecated", "legacy"]);

/** What a member element is called in C, and what kind of symbol it is. */
const MEMBERS = new Map<string, { kind: SymbolKind; defaultName?: string }>([
  ["constructor", { kind: "method", defaultName: "new" }],
  ["destructor", { kind: "method", defaultName: "destroy" }],
  ["method", { kind: "method" }],
  ["callback_type", { kind: "callback" }],
  ["constant", { kind: "constant" }],
]);

/**
 * Reads zproject models (`api/*.api`) into symbols. A file whose root is a
 * `<class>` is a class; a file of bare members (czmq's generated
 * `zsock_option.api`) is a fragment that its class pulls in with
 * `<include filename="..."/>`, resolved against the other given files. A
 * member without `state` inherits its class's; a class without one is taken
 * as stable, the cautious reading. Text inside an element is documentation:
 * editing it changes no symbol.
 */
export function parseApiFiles(
  files: ReadonlyMap<string, string>,
  cache: ApiCache = new Map(),
): Map<string, ContractSymbol[]> {
  const roots = new Map<string, Element>();
  for (const [path, text] of files) {
    const key = `${path}\0${text}`;
    let root = cache.get(key) as Element | undefined;
    if (!root) {
      root = parseXml(path, text);
      cache.set(key, root);
    }
    roots.set(path, root);
  }
  const included = new Set<string>();
  const result = new Map<string, ContractSymbol[]>();
  for (const [path, root] of roots) {
    const classes = children(root, "class");
    if (classes.length === 0) continue;
    const symbols: ContractSymbol[] = [];
    for (const cls of classes) {
      const name = cName(attr(cls, "name") ?? posix.basename(path, ".api"));
      const state = stateOf(cls, "stable");
      const members = withIncludes(cls, path, roots, included, 0);
      symbols.push(...members.flatMap((member) => memberSymbols(name, state, member)));
    }
    result.set(path, symbols);
  }
  // A fragment no given class includes: name its members after the file.
  for (const [path, root] of roots) {
    if (result.has(path) || included.has(path)) continue;
    const name = cName(posix.basename(path, ".api"));
    const members = withIncludes(root, path, roots, included, 0);
    result.set(
      path,
      members.flatMap((member) => memberSymbols(name, "stable", member)),
    );
  }
  return result;
}

/**
 * Parses one file with saxes, a strict, single-pass XML parser: a malformed
 * file is a one-line error naming its line. (fast-xml-parser needed a
 * validating pass before a lenient one, 3.5 times saxes's time on 60 models,
 * docs/benchmarks.md.) A file is a fragment of elements, not a document: a
 * generated `zsock_option.api` has many roots.
 */
function parseXml(path: string, text: string): Element {
  const root: Element = { tag: "", attributes: {}, children: [], text: false };
  const open: Element[] = [root];
  const parser = new SaxesParser({ fragment: true });
  let failure: { line: number; message: string } | undefined;
  parser.on("error", (error) => {
    // An HTML entity (`&nbsp;`) in documentation is no harm to the contract.
    if (failure || error.message.endsWith("undefined entity.")) return;
    failure = { line: parser.line, message: error.message.replace(/^\d+:\d+: /, "") };
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) {
      attributes[name] = String(value).trim();
    }
    const element: Element = { tag: tag.name, attributes, children: [], text: false };
    open[open.length - 1]?.children.push(element);
    open.push(element);
  });
  parser.on("closetag", () => {
    open.pop();
  });
  const onText = (value: string) => {
    const element = open[open.length - 1];
    if (element && value.trim() !== "") element.text = true;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  // The XML declaration, kept out: a fragment may not have one.
  parser.write(
    text.replace(/^\s*<\?xml[^>]*\?>/, (declaration) => declaration.replace(/[^\n]/g, " ")),
  );
  parser.close();
  if (failure)
    throw new ContractParseError(path, failure.line, `malformed XML: ${failure.message}`);
  return root;
}

interface Member {
  tag: string;
  element: Element;
  /** The file the member is written in. */
  path: string;
}

/** The members of a class in file order, with `<include>`d files spliced in. */
function withIncludes(
  owner: Element,
  path: string,
  roots: ReadonlyMap<string, Element>,
  included: Set<string>,
  depth: number,
): Member[] {
  const members: Member[] = [];
  for (const tag of MEMBERS.keys()) {
    for (const element of children(owner, tag)) members.push({ tag, element, path });
  }
  for (const element of children(owner, "enum")) members.push({ tag: "enum", element, path });
  for (const include of children(owner, "include")) {
    const file = attr(include, "filename");
    if (!file || depth > 8) continue;
    const target = posix.normalize(posix.join(posix.dirname(path), file));
    const root = roots.get(target);
    if (!root) continue;
    included.add(target);
    members.push(...withIncludes(root, target, roots, included, depth + 1));
  }
  return members;
}

function memberSymbols(cls: string, classState: ContractState, member: Member): ContractSymbol[] {
  return symbolsOf(cls, classState, member).map((symbol) => ({ ...symbol, source: member.path }));
}

function symbolsOf(cls: string, classState: ContractState, member: Member): ContractSymbol[] {
  const { tag, element } = member;
  const state = stateOf(element, classState);
  if (tag === "enum") {
    const prefix = `${cls}_${cName(attr(element, "name") ?? "")}`.toUpperCase();
    return children(element, "constant").map(
      (constant): ContractSymbol => ({
        symbol: `${prefix}_${cName(attr(constant, "name") ?? "").toUpperCase()}`,
        kind: "constant",
        state: stateOf(constant, state),
        signature: attr(constant, "value") ?? "",
        documented: hasText(constant) || hasText(element),
      }),
    );
  }
  const spec = MEMBERS.get(tag);
  if (!spec) return [];
  const name = cName(attr(element, "name") ?? spec.defaultName ?? "");
  if (spec.kind === "constant") {
    return [
      {
        symbol: `${cls}_${name}`.toUpperCase(),
        kind: "constant",
        state,
        signature: attr(element, "value") ?? "",
        documented: hasText(element),
      },
    ];
  }
  return [
    {
      symbol: `${cls}_${name}`,
      kind: spec.kind,
      state,
      signature: signatureOf(element),
      documented: hasText(element),
    },
  ];
}

/**
 * What the generated C declaration depends on: the member's flags
 * (`singleton`, `polymorphic`, ...), each argument's attributes but its name,
 * and the return's. The order of arguments counts; their names do not.
 */
function signatureOf(element: Element): string {
  const flags = attributes(element, ["name", "state"]);
  const args = children(element, "argument").map((arg) => attributes(arg, ["name"]));
  const returns = children(element, "return").map((ret) => attributes(ret, []));
  return `${flags}(${args.join(", ")}) -> ${returns[0] ?? "nothing"}`;
}

function attributes(element: Element, skip: string[]): string {
  return Object.keys(element.attributes)
    .filter((key) => !skip.includes(key))
    .sort()
    .map((key) => `${key}=${element.attributes[key]}`)
    .join(" ");
}

function stateOf(element: Element, inherited: ContractState): ContractState {
  const state = attr(element, "state")?.trim().toLowerCase();
  return state && STATES.has(state as ContractState) ? (state as ContractState) : inherited;
}

/** zproject names: `new pub` is `new_pub` in C. */
function cName(name: string): string {
  return name.trim().replace(/[\s-]+/g, "_");
}

function attr(element: Element, name: string): string | undefined {
  return Object.hasOwn(element.attributes, name) ? element.attributes[name] : undefined;
}

function children(element: Element, tag: string): Element[] {
  return element.children.filter((child) => child.tag === tag);
}

function hasText(element: Element): boolean {
  return element.text;
}
