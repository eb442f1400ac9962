import { describe, expect, it } from "vitest";
import { curveKeyPair } from "zeromq";
import { isCurveKey } from "../../src/core/zap.ts";

describe("isCurveKey", () => {
  it("accepts the keys libzmq makes", () => {
    for (let i = 0; i < 50; i++) {
      const { publicKey, secretKey } = curveKeyPair();
      expect(isCurveKey(publicKey)).toBe(true);
      expect(isCurveKey(secretKey)).toBe(true);
    }
  });

  it("refuses other lengths and characters outside Z85's alphabet", () => {
    const key = curveKeyPair().publicKey;
    expect(isCurveKey("")).toBe(false);
    expect(isCurveKey(key.slice(0, 39))).toBe(false);
    expect(isCurveKey(`${key}0`)).toBe(false);
    for (const outside of [" ", '"', "'", ",", ";", "\\", "_", "`", "|", "~", "é"]) {
      expect(isCurveKey(`${key.slice(0, 39)}${outside}`)).toBe(false);
    }
  });

  it("refuses a group of five digits above 2^32 - 1, as libzmq does", () => {
    // "%nSc0" is 2^32 - 1 in Z85, "%nSc1" is 2^32.
    expect(isCurveKey("%nSc0".repeat(8))).toBe(true);
    expect(isCurveKey(`${"0".repeat(35)}%nSc1`)).toBe(false);
    expect(isCurveKey("#".repeat(40))).toBe(false);
  });
});
