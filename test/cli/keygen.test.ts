import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCurveKeys } from "../../src/cli/serve-settings.ts";
import { removeTempDirs, run, tempDir } from "./fixture.ts";

afterAll(removeTempDirs);

/** Z85's alphabet, 40 digits: a 32-byte CurveZMQ key as text. */
const z85Key = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

describe("c4bot keygen", () => {
  it("prints a fresh key pair as JSON, each key 40 Z85 characters", async () => {
    const pairs = [];
    for (let i = 0; i < 2; i++) {
      const result = await run(".", ["keygen"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      const pair = JSON.parse(result.stdout) as Record<string, string>;
      expect(Object.keys(pair).sort()).toEqual(["publicKey", "secretKey"]);
      expect(pair.publicKey).toMatch(z85Key);
      expect(pair.secretKey).toMatch(z85Key);
      expect(pair.publicKey).not.toBe(pair.secretKey);
      pairs.push(pair);
    }
    expect(pairs[1]?.publicKey).not.toBe(pairs[0]?.publicKey);
    expect(pairs[1]?.secretKey).not.toBe(pairs[0]?.secretKey);
  });

  it("with --out writes the pair to FILE (mode 0600) and prints only the public key", async () => {
    const dir = tempDir();
    const result = await run(dir, ["keygen", "--out", "worker.keys"]);
    const file = join(dir, "worker.keys");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`c4bot keygen: wrote ${file}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pair = JSON.parse(readFileSync(file, "utf8")) as { publicKey: string; secretKey: string };
    expect(pair.publicKey).toMatch(z85Key);
    expect(pair.secretKey).toMatch(z85Key);
    expect(result.stdout).toBe(`${pair.publicKey}\n`);
    // As `c4bot worker --curve-keys` and serve's C4BOT_CURVE_KEYS read it.
    const problems: string[] = [];
    expect(readCurveKeys(file, problems, "--curve-keys")).toEqual(pair);
    expect(problems).toEqual([]);
  });

  it("refuses to overwrite an existing FILE: exit 2, one clear line, the file unchanged", async () => {
    const dir = tempDir();
    expect((await run(dir, ["keygen", "--out", "broker.keys"])).code).toBe(0);
    writeFileSync(join(dir, "notes.txt"), "not a key\n");
    for (const name of ["broker.keys", "notes.txt"]) {
      const file = join(dir, name);
      const before = readFileSync(file, "utf8");
      const result = await run(dir, ["keygen", "--out", name]);
      expect(result).toEqual({
        code: 2,
        stdout: "",
        stderr: `c4bot keygen: ${file} exists: not overwritten (choose another --out)\n`,
      });
      expect(readFileSync(file, "utf8")).toBe(before);
    }
  });
});
