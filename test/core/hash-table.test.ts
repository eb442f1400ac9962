import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/bench/seeded-random.ts";
import { IdTable, KeyTable } from "../../src/core/hash-table.ts";

describe("IdTable", () => {
  /** Random sets and takes against a Map, checked all along. */
  function checkAgainstMap(table: IdTable<{ id: number }>, seed: number) {
    const random = seededRandom(seed);
    const model = new Map<number, { id: number }>();
    // Ids from a small range and multiples of 64 (dense and sparse); ids
    // near 2^32 check that keys are kept as u32.
    const pick = () => {
      const r = random();
      if (r < 0.4) return Math.floor(random() * 50);
      if (r < 0.7) return Math.floor(random() * 40) * 64;
      return 0xffff_fff0 + Math.floor(random() * 15);
    };
    for (let step = 0; step < 20_000; step++) {
      const id = pick();
      if (random() < 0.55) {
        const value = { id };
        table.set(id, value);
        model.set(id, value);
      } else {
        expect(table.take(id)).toBe(model.get(id));
        model.delete(id);
      }
      if (step % 97 === 0) {
        expect(table.size).toBe(model.size);
        for (const [key, value] of model) expect(table.get(key)).toBe(value);
        expect(table.values().length).toBe(model.size);
      }
    }
    for (const [key, value] of model) {
      expect(table.has(key)).toBe(true);
      expect(table.get(key)).toBe(value);
    }
    expect(new Set(table.values())).toEqual(new Set(model.values()));
  }

  it("behaves as a Map under random inserts and deletes", () => {
    checkAgainstMap(new IdTable(8), 7);
  });

  it("behaves as a Map when every id collides (long runs, wrap-around, backward shifts)", () => {
    // Eight home slots for all ids, the table's last four and first four
    // (hashes -1 to -4 and 0 to 3, whatever the mask): one long run that
    // wraps around into entries at home at the start, and every take
    // shifts entries back across it.
    class Colliding<V> extends IdTable<V> {
      protected override hash(id: number): number {
        return id % 8 < 4 ? -1 - (id % 4) : id % 4;
      }
    }
    checkAgainstMap(new Colliding(8), 11);
  });

  it("grows past its first capacity and keeps every entry", () => {
    const table = new IdTable<string>(8);
    for (let id = 1; id <= 10_000; id++) table.set(id, `job ${id}`);
    expect(table.size).toBe(10_000);
    expect(table.get(1)).toBe("job 1");
    expect(table.get(10_000)).toBe("job 10000");
    expect(table.get(10_001)).toBeUndefined();
    for (let id = 1; id <= 10_000; id += 2) expect(table.delete(id)).toBe(true);
    expect(table.size).toBe(5000);
    expect(table.get(2)).toBe("job 2");
    expect(table.get(3)).toBeUndefined();
  });

  it("replaces a value without counting it twice", () => {
    const table = new IdTable<string>();
    table.set(5, "a");
    table.set(5, "b");
    expect(table.size).toBe(1);
    expect(table.get(5)).toBe("b");
  });

  it("gives a snapshot of its values, which may be changed while used", () => {
    const table = new IdTable<number>();
    for (let id = 0; id < 100; id++) table.set(id, id);
    for (const value of table.values()) table.delete(value);
    expect(table.size).toBe(0);
    expect(table.values()).toEqual([]);
  });

  it("clears, and refuses undefined (it marks a free slot)", () => {
    const table = new IdTable<number>();
    table.set(1, 1);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(1)).toBeUndefined();
    expect(() => table.set(2, undefined as unknown as number)).toThrow(/undefined/);
    expect(table.delete(2)).toBe(false);
  });
});

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
