import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { type C4Config, configSchema, REPO_CONFIG_FILE } from "./config.ts";

/** One thing wrong (or suspicious) in a config file, pinned to where it is. */
export interface ConfigProblem {
  file: string;
  /** Dotted key path, e.g. `rules.commit-message.level`; empty for the whole file. */
  path: string;
  line?: number;
  column?: number;
  message: string;
}

export type ConfigResult =
  | { ok: true; config: C4Config; warnings: ConfigProblem[] }
  | { ok: false; errors: ConfigProblem[]; warnings: ConfigProblem[] };

type Key = string | number;

/**
 * Parses `.github/c4.yml`. Never throws: a YAML syntax error or a value of the
 * wrong kind comes back as errors with key path, line and column; an unknown
 * key is only a warning (a typo should be seen, but must not stop the bot from
 * checking every pull request of the repository).
 */
export function parseConfig(text: string, file = REPO_CONFIG_FILE): ConfigResult {
  return readConfig(text, file).result;
}

/**
 * parseConfig, and for a valid file its settings as written (before the
 * defaults, unknown keys left out), which extend-config.ts lays over
 * another file's.
 */
export function readConfig(
  text: string,
  file: string,
): { result: ConfigResult; written?: Record<string, unknown> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    const errors = doc.errors.map((error) => ({
      file,
      path: "",
      ...at(error.pos[0]),
      message: `invalid YAML: ${error.message.split("\n")[0]}`,
    }));
    return { result: { ok: false, errors, warnings: [] } };
  }

  let data: unknown;
  try {
    // toJS throws on an alias to an unknown anchor and on an alias bomb
    // (yaml's maxAliasCount guard): both are errors in the file, not crashes.
    data = emptySections(doc.toJS() ?? {}, configSchema);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      result: {
        ok: false,
        errors: [{ file, path: "", message: `invalid YAML: ${message}` }],
        warnings: [],
      },
    };
  }
  const problemAt = (path: Key[], message: string, wantKey: boolean): ConfigProblem => ({
    file,
    path: path.join("."),
    ...at(offsetOf(doc.contents, path, wantKey)),
    message,
  });

  let written = data;
  let result = configSchema.safeParse(data);
  const warnings: ConfigProblem[] = [];
  if (!result.success) {
    const unknown = result.error.issues.filter((issue) => issue.code === "unrecognized_keys");
    for (const issue of unknown) {
      for (const key of issue.keys) {
        const path = [...(issue.path as Key[]), key];
        warnings.push(problemAt(path, `unknown key "${key}"${suggestion(issue.path, key)}`, true));
      }
    }
    const errors = result.error.issues
      .filter((issue) => issue.code !== "unrecognized_keys")
      .map((issue) => problemAt(issue.path as Key[], describe(issue, data), false));
    if (errors.length > 0) {
      return {
        result: { ok: false, errors: inFileOrder(errors), warnings: inFileOrder(warnings) },
      };
    }
    written = withoutKeys(data, unknown);
    result = configSchema.safeParse(written);
    if (!result.success) {
      // Unreachable unless the schema changes shape: keep the promise of "never throws".
      return {
        result: { ok: false, errors: [problemAt([], result.error.message, false)], warnings },
      };
    }
  }
  return {
    result: { ok: true, config: result.data, warnings: inFileOrder(warnings) },
    written: written as Record<string, unknown>,
  };
}

/** Problems as a reader meets them in the file (zod reports them in schema order). */
function inFileOrder(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/**
 * A section whose lines are all commented out (`rules:` and nothing under it)
 * is null in YAML: read it as empty, as an empty rule (`ci-green:`) already is.
 */
function emptySections(data: unknown, schema: z.ZodType): unknown {
  const shape = objectShape(schema);
  if (!shape || data === null || typeof data !== "object" || Array.isArray(data)) return data;
  const copy: Record<string, unknown> = { ...data };
  for (const [key, inner] of Object.entries(shape)) {
    if (!Object.hasOwn(copy, key) || !objectShape(inner)) continue;
    copy[key] = copy[key] === null ? {} : emptySections(copy[key], inner);
  }
  return copy;
}

/** "file:line:col: path: message", the form editors and terminals link. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path
    ? `${where}: ${problem.path}: ${problem.message}`
    : `${where}: ${problem.message}`;
}

function describe(issue: z.core.$ZodIssue, data: unknown): string {
  const got = valueAt(data, issue.path as Key[]);
  const shown = got === undefined ? "" : `; got ${JSON.stringify(got)}`;
  switch (issue.code) {
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${shown}`;
    case "invalid_type":
      if (issue.path.length === 2 && issue.path[0] === "rules") {
        return `expected a level ("block", "warn", "off") or a mapping of settings${shown}`;
      }
      return `expected ${article(issue.expected)}${shown}`;
    default:
      return `${issue.message}${shown}`;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    boolean: "true or false",
  };
  return names[expected] ?? expected;
}

/** Suggests the known key closest to a typo, when there is a plausible one. */
function suggestion(path: PropertyKey[], key: string): string {
  const known = knownKeys(path);
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best ? ` (did you mean "${best}"?)` : "";
}

function knownKeys(path: PropertyKey[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const key of path) {
    const shape = objectShape(schema);
    const next = shape?.[String(key)];
    if (!next) return [];
    schema = next;
  }
  return Object.keys(objectShape(schema) ?? {});
}

/** The shape of an object schema, looking through prefault/default/preprocess wrappers. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 8 && current; depth++) {
    const def = (current as { _zod: { def: Record<string, unknown> } })._zod.def;
    if (def.type === "object") return def.shape as Record<string, z.ZodType>;
    current = def.innerType ?? def.out ?? def.in;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      const substitution = previous + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, substitution);
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

function valueAt(data: unknown, path: Key[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<Key, unknown>)[key];
  }
  return current;
}

/** Where in the text a key path is: the key itself for unknown keys, else its value. */
function offsetOf(root: unknown, path: Key[], wantKey: boolean): number | undefined {
  let node = root as Node | null;
  let offset = node?.range?.[0];
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    if (isSeq(node) && typeof key === "number") {
      node = node.items[key] as Node | null;
      offset = node?.range?.[0] ?? offset;
      continue;
    }
    if (!isMap(node)) break;
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (!pair) break;
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    offset = last && wantKey ? keyNode.range?.[0] : (valueNode?.range?.[0] ?? keyNode.range?.[0]);
    // A level given as a string (`ci-green: warn`) has no mapping to walk into.
    node = valueNode;
  }
  return offset;
}

function withoutKeys(data: unknown, issues: { path: PropertyKey[]; keys: string[] }[]): unknown {
  const copy = structuredClone(data);
  for (const issue of issues) {
    const target = valueAt(copy, issue.path as Key[]);
    if (target && typeof target === "object") {
      for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
    }
  }
  return copy;
}
