import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/bench/seeded-random.ts";
import { KeyTable } from "../../src/core/key-table.ts";

describe("KeyTable", () => {
  it("holds any string key, those an object would treat specially included", () => {
    const table = new KeyTable<number>();
    const keys = [
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "12",
      "0",
      "",
      "é#1",
      "dictionary mode 1",
    ];
    for (const [index, key] of keys.entries()) table.set(key, index);
    expect(table.size).toBe(keys.length);
    for (const [index, key] of keys.entries()) expect(table.get(key)).toBe(index);
    expect(table.get("valueOf")).toBeUndefined();
    expect(table.delete("__proto__")).toBe(true);
    expect(table.get("__proto__")).toBeUndefined();
    expect(table.delete("__proto__")).toBe(false);
    expect(table.size).toBe(keys.length - 1);
  });

  it("behaves as a Map under random inserts and deletes", () => {
    const random = seededRandom(11);
    const table = new KeyTable<{ n: number }>();
    const model = new Map<string, { n: number }>();
    for (let step = 0; step < 20_000; step++) {
      const key = `owner/repo#${Math.floor(random() * 300)}`;
      if (random() < 0.5) {
        const value = { n: step };
        table.set(key, value);
        model.set(key, value);
      } else {
        expect(table.delete(key)).toBe(model.delete(key));
      }
    }
    expect(table.size).toBe(model.size);
    for (const [key, value] of model) expect(table.get(key)).toBe(value);
  });

  it("refuses undefined", () => {
    expect(() => new KeyTable<number>().set("a", undefined as unknown as number)).toThrow(
      /undefined/,
    );
  });
});
