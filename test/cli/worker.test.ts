import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { builtCliPath } from "../../src/cli/package-info.ts";
import { removeTempDirs, run, tempDir } from "./fixture.ts";

afterAll(removeTempDirs);

/** The bin as a process (needs `npm run build`): a bad key must not crash it. */
function bin(
  args: string[],
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCliPath, ...args], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe("c4bot worker: CurveZMQ options", () => {
  // Every KEY joined with "=": a Z85 key may start with "-", which parseArgs takes for a flag.
  const connect = ["worker", "--connect", "tcp://127.0.0.1:1", "--test-handler", "echo"];

  /** A key file as `c4bot keygen --out` writes it. */
  function keyFile(contents: unknown = curveKeyPair()): string {
    const file = join(tempDir(), "worker.keys");
    writeFileSync(file, JSON.stringify(contents), { mode: 0o600 });
    return file;
  }

  it("exits 2 with its usage when --broker-key or --curve-keys is missing, short or unreadable", async () => {
    const brokerKey = curveKeyPair().publicKey;
    const cases: [string[], string][] = [
      [[`--broker-key=${brokerKey}`], "c4bot worker: --curve-keys: needed with --broker-key\n"],
      [
        ["--curve-keys", keyFile()],
        "c4bot worker: --broker-key: the broker's 40-character Z85 public key is needed\n",
      ],
      [
        ["--curve-keys", keyFile(), `--broker-key=${brokerKey.slice(0, 32)}`],
        "c4bot worker: --broker-key: the broker's 40-character Z85 public key is needed\n",
      ],
      [
        ["--curve-keys", "/nonexistent/worker.keys", `--broker-key=${brokerKey}`],
        "c4bot worker: --curve-keys: cannot read /nonexistent/worker.keys: ENOENT",
      ],
    ];
    for (const [args, message] of cases) {
      const result = await run(".", [...connect, ...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.startsWith(message)).toBe(true);
      expect(result.stderr).toContain("Usage:\n  c4bot worker --connect ENDPOINT");
    }
  });

  it("exits 2, not a crash, on 40 characters that are not a Z85 key, given or in the file", async () => {
    const good = curveKeyPair();
    const bad = `${good.publicKey.slice(0, 39)}~`;
    const results = await Promise.all([
      bin([...connect, "--curve-keys", keyFile(), `--broker-key=${bad}`]),
      // Z85's alphabet, but 2^32 in the last group: libzmq refuses it too.
      bin([...connect, "--curve-keys", keyFile(), `--broker-key=${"0".repeat(35)}%nSc1`]),
      bin([
        ...connect,
        "--curve-keys",
        keyFile({ ...good, secretKey: bad }),
        `--broker-key=${curveKeyPair().publicKey}`,
      ]),
    ]);
    const [alphabet, overflow, file] = results;
    for (const result of [alphabet, overflow]) {
      expect(result).toMatchObject({ code: 2, signal: null });
      expect(result?.stderr).toMatch(
        /^c4bot worker: --broker-key: the broker's 40-character Z85 public key is needed\n/,
      );
    }
    expect(file).toMatchObject({ code: 2, signal: null });
    expect(file?.stderr).toMatch(
      /^c4bot worker: --curve-keys: \S+worker\.keys: publicKey and secretKey are not 40-character Z85 keys\n/,
    );
  });
});
