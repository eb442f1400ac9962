import { randomInt } from "node:crypto";

/**
 * The tables on the per-job paths, in place of Maps: `IdTable` by u32 id
 * (request ids, job ids), `KeyTable` by string key (the broker's per-key
 * state).
 *
 * Why not a Map: V8 replaces a Map's hash table whenever it fills up or
 * empties out, and keeps a link from each replaced table to its successor
 * (for iterators still walking it). A Map with an insert and a delete per
 * job replaces its table every few jobs. Once one of those tables reaches
 * the old generation, the links keep every later table, and every job
 * those tables held, alive through each scavenge until the next full
 * collection: at 20,000 jobs/s almost every job's payload and promise was
 * copied into the old generation, scavenges took 4-12 ms and a full
 * collection followed every ~250 ms (docs/core-measurements.md, "Half
 * rate"). Through the broker alone, 16 MB was promoted in 4 s with Maps,
 * 3 MB with these.
 *
 * Open addressing with linear probing over flat arrays (hashes, keys,
 * values); deletion shifts the following entries back, so there are no
 * tombstones. A table grows (doubling) and never shrinks: it allocates
 * only when its peak grows.
 */
abstract class OpenTable<K extends number | string, V> {
  #hashes: Int32Array;
  #keys: (K | undefined)[];
  #values: (V | undefined)[];
  #mask: number;
  #size = 0;
  constructor(initialCapacity = 64) {
    let capacity = 8;
    while (capacity < initialCapacity) capacity *= 2;
    this.#hashes = new Int32Array(capacity);
    this.#keys = new Array<K | undefined>(capacity).fill(undefined);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
  }

  /** The key's hash: any int32, spread over its low bits. */
  protected abstract hash(key: K): number;

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    const slot = this.#find(key, this.hash(key));
    return slot < 0 ? undefined : this.#values[slot];
  }

  has(key: K): boolean {
    return this.#find(key, this.hash(key)) >= 0;
  }

  /** Adds or replaces; `value` must not be undefined (`get` and `take` answer it for "none"). */
  set(key: K, value: V): void {
    if (value === undefined) throw new TypeError("[c4bot] a job table cannot hold undefined");
    const hash = this.hash(key);
    const existing = this.#find(key, hash);
    if (existing >= 0) {
      this.#values[existing] = value;
      return;
    }
    // At most half full, so a probe finds a free slot quickly.
    if ((this.#size + 1) * 2 > this.#keys.length) this.#grow();
    this.#insert(key, hash, value);
    this.#size++;
  }

  /** Removes and returns the value, or undefined. */
  take(key: K): V | undefined {
    let slot = this.#find(key, this.hash(key));
    if (slot < 0) return undefined;
    const hashes = this.#hashes;
    const keys = this.#keys;
    const values = this.#values;
    const mask = this.#mask;
    const value = values[slot];
    keys[slot] = undefined;
    values[slot] = undefined;
    this.#size--;
    // Backward-shift deletion: an entry after the hole moves into it unless
    // its home slot lies cyclically in (hole, here].
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
    return value;
  }

  delete(key: K): boolean {
    return this.take(key) !== undefined;
  }

  /** The values, in no particular order (a snapshot: changing the table while using it is safe). */
  values(): V[] {
    const out: V[] = [];
    for (const value of this.#values) if (value !== undefined) out.push(value);
    return out;
  }

  clear(): void {
    this.#keys.fill(undefined);
    this.#values.fill(undefined);
    this.#size = 0;
  }

  #find(key: K, hash: number): number {
    const keys = this.#keys;
    const hashes = this.#hashes;
    const mask = this.#mask;
    for (let slot = hash & mask; keys[slot] !== undefined; slot = (slot + 1) & mask) {
      if (hashes[slot] === hash && keys[slot] === key) return slot;
    }
    return -1;
  }

  #insert(key: K, hash: number, value: V): void {
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
    this.#keys = new Array<K | undefined>(capacity).fill(undefined);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot];
      if (key !== undefined) this.#insert(key, hashes[slot] as number, values[slot] as V);
    }
    // The old arrays may sit in the old generation: left full, they would
    // keep everything they held alive through scavenges until a full collection.
    keys.fill(undefined);
    values.fill(undefined);
  }
}

/**
 * Values by u32 id. The ids are sequential, so an id is not its own hash:
 * the ids in flight would sit in one run of neighbouring slots, and
 * deleting from it (take) walks the whole run: 0.6 µs a take with 128 in
 * flight, 12 µs with 4,096. Multiplying by an odd constant (Fibonacci
 * hashing) puts neighbouring ids far apart.
 */
export class IdTable<V> extends OpenTable<number, V> {
  protected hash(id: number): number {
    const hash = Math.imul(id, 0x9e37_79b1);
    // Spread the high bits into the low ones the mask keeps.
    return hash ^ (hash >>> 16);
  }
}

/**
 * Values by string key, hashed with FNV-1a from a random seed per table,
 * so that nobody can pick keys that collide. (A prototype-less object in
 * dictionary mode also avoids the Map's links, but V8 first looks each key
 * fresh from the wire up in its table of internalized strings: 4% of the
 * in-process pipeline's time, against about 2% for this.)
 */
export class KeyTable<V> extends OpenTable<string, V> {
  readonly #seed = randomInt(0x7fff_ffff) | 0;

  protected hash(key: string): number {
    let hash = this.#seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
    // Spread the high bits into the low ones the mask keeps.
    return hash ^ (hash >>> 16);
  }
}
