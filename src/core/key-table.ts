import { randomInt } from "node:crypto";

/**
 * Values by string key (the broker's per-key state) on the per-job path,
 * in place of a Map, for the reason in id-table.ts: a Map with an insert
 * and a delete per job replaces its hash table every few jobs, and the link
 * V8 keeps from each replaced table to the next holds every later table and
 * the jobs in them through scavenges. Measured at 20,000 jobs/s through the
 * broker alone: 16 MB promoted to the old generation in 4 s with a Map, 3 MB
 * with this.
 *
 * Open addressing with linear probing, like IdTable, over the keys' hashes
 * (FNV-1a from a random seed per table, so that nobody can pick keys that
 * collide). A prototype-less object in dictionary mode also avoids the
 * Map's links, but each lookup with a key fresh from the wire first looks
 * the string up in V8's table of internalized strings: that cost 4% of the
 * in-process pipeline's time, this about 1%.
 */
export class KeyTable<V> {
  #hashes: Int32Array;
  #keys: (string | undefined)[];
  #values: (V | undefined)[];
  #mask: number;
  #size = 0;
  readonly #seed = randomInt(0x7fff_ffff) | 0;

  constructor(initialCapacity = 64) {
    let capacity = 8;
    while (capacity < initialCapacity) capacity *= 2;
    this.#hashes = new Int32Array(capacity);
    this.#keys = new Array<string | undefined>(capacity).fill(undefined);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): V | undefined {
    const slot = this.#find(key, this.#hash(key));
    return slot < 0 ? undefined : this.#values[slot];
  }

  /** Adds or replaces; `value` must not be undefined. */
  set(key: string, value: V): void {
    if (value === undefined) throw new TypeError("[c4bot] KeyTable cannot hold undefined");
    const hash = this.#hash(key);
    const existing = this.#find(key, hash);
    if (existing >= 0) {
      this.#values[existing] = value;
      return;
    }
    if ((this.#size + 1) * 2 > this.#keys.length) this.#grow();
    this.#insert(key, hash, value);
    this.#size++;
  }

  delete(key: string): boolean {
    let slot = this.#find(key, this.#hash(key));
    if (slot < 0) return false;
    const hashes = this.#hashes;
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    keys[slot] = undefined;
    values[slot] = undefined;
    this.#size--;
    // Backward-shift deletion, as in IdTable: no tombstones.
    for (let next = (slot + 1) & mask; keys[next] !== undefined; next = (next + 1) & mask) {
      const home = (hashes[next] as number) & mask;
      const stays = slot <= next ? slot < home && home <= next : slot < home || home <= next;
      if (stays) continue;
      hashes[slot] = hashes[next] as number;
      keys[slot] = keys[next];
      values[slot] = values[next];
      keys[next] = undefined;
      values[next] = undefined;
      slot = next;
    }
    return true;
  }

  /** FNV-1a over the UTF-16 code units, from this table's seed. */
  #hash(key: string): number {
    let hash = this.#seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) {
      hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    }
    // Spread the high bits into the low ones the mask keeps.
    return hash ^ (hash >>> 16);
  }

  #find(key: string, hash: number): number {
    const keys = this.#keys;
    const hashes = this.#hashes;
    const mask = this.#mask;
    for (let slot = hash & mask; keys[slot] !== undefined; slot = (slot + 1) & mask) {
      if (hashes[slot] === hash && keys[slot] === key) return slot;
    }
    return -1;
  }

  #insert(key: string, hash: number, value: V): void {
    const keys = this.#keys;
    const mask = this.#mask;
    let slot = hash & mask;
    while (keys[slot] !== undefined) slot = (slot + 1) & mask;
    this.#hashes[slot] = hash;
    keys[slot] = key;
    this.#values[slot] = value;
  }

  #grow(): void {
    const hashes = this.#hashes;
    const keys = this.#keys;
    const values = this.#values;
    const capacity = keys.length * 2;
    this.#hashes = new Int32Array(capacity);
    this.#keys = new Array<string | undefined>(capacity).fill(undefined);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key !== undefined) this.#insert(key, hashes[slot] as number, values[slot] as V);
    }
    // As in IdTable: the old arrays must not keep what they held alive.
    keys.fill(undefined);
    values.fill(undefined);
  }
}
