import {
  type ContractFileSpec,
  type ContractInput,
  contractSpecFor,
  parseApiFiles,
  parseHeader,
} from "../c4/contract/index.ts";
import { readBlobs } from "./read-blobs.ts";
import { runGit } from "./run-git.ts";
import { UsageError } from "./usage-error.ts";

/**
 * The contract candidates of two revisions of a local checkout, with their
 * texts: every path either revision has that a contract spec matches (all of
 * them, not only the changed ones, so an unchanged class that includes a
 * changed fragment is read too). Two `git ls-tree` and one `git cat-file`.
 */
export async function readContractInputs(
  cwd: string,
  command: string,
  base: string,
  head: string,
  specs: readonly ContractFileSpec[],
): Promise<ContractInput[]> {
  const [before, after] = await Promise.all([
    listCandidates(cwd, command, base, specs),
    listCandidates(cwd, command, head, specs),
  ]);
  const paths = [...new Set([...before, ...after])].sort();
  const objects = [
    ...before.map((path) => `${base}:${path}`),
    ...after.map((path) => `${head}:${path}`),
  ];
  const texts = await readBlobs(cwd, objects);
  return paths.map((path) => ({
    path,
    before: texts.get(`${base}:${path}`) ?? null,
    after: texts.get(`${head}:${path}`) ?? null,
  }));
}

/** What an older revision's contract had: names removed since, for 2.6.8. */
export async function readHistory(
  cwd: string,
  command: string,
  rev: string,
  specs: readonly ContractFileSpec[],
): Promise<Map<string, string>> {
  const paths = await listCandidates(cwd, command, rev, specs);
  const texts = await readBlobs(
    cwd,
    paths.map((path) => `${rev}:${path}`),
  );
  const signatures = new Map<string, string>();
  const models = new Map<string, string>();
  for (const path of paths) {
    const text = texts.get(`${rev}:${path}`);
    if (text === null || text === undefined) continue;
    const spec = contractSpecFor(path, specs);
    if (spec?.kind === "zproject") models.set(path, text);
    else if (spec) {
      for (const symbol of parseHeader(text, spec.draft ? { draft: spec.draft } : {})) {
        signatures.set(symbol.symbol, symbol.signature);
      }
    }
  }
  for (const symbols of parseApiFiles(models).values()) {
    for (const symbol of symbols) signatures.set(symbol.symbol, symbol.signature);
  }
  return signatures;
}

async function listCandidates(
  cwd: string,
  command: string,
  rev: string,
  specs: readonly ContractFileSpec[],
): Promise<string[]> {
  const result = await runGit(cwd, ["ls-tree", "-r", "-z", "--name-only", `${rev}^{tree}`, "--"]);
  if (result.code !== 0) {
    throw new UsageError(
      `c4bot ${command}: cannot read revision "${rev}" (${firstLine(result.stderr)})`,
    );
  }
  return result.stdout
    .split("\0")
    .filter((path) => path !== "" && !path.includes("\n") && contractSpecFor(path, specs));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
