/**
 * Values by u32 id (request ids, job ids) on the per-job paths, in place of
 * a Map.
 *
 * Why not a Map: V8 replaces a Map's hash table whenever it fills up or
 * empties out, and keeps a link from each replaced table to its successor
 * (for iterators still walking it). A Map with an insert and a delete per
 * job replaces its table every few jobs. Once one of those tables reaches
 * the old generation, the links keep every later table, and every job
 * those tables held, alive through each scavenge until the next full
 * collection: at 20,000 jobs/s almost every job's payload and promise was
 * copied into the old generation, scavenges took 4-12 ms and a full
 * collection followed every ~250 ms (docs/core.md, "GC at half rate").
 *
 * Open addressing with linear probing over two flat arrays; deletion
 * shifts the following entries back, so there are no tombstones. It grows
 * (doubling) and never shrinks: it allocates only when its peak grows.
 */
export class IdTable<V> {
  #ids: Uint32Array;
  #values: (V | undefined)[];
  #mask: number;
  #size = 0;

  constructor(initialCapacity = 64) {
    let capacity = 8;
    while (capacity < initialCapacity) capacity *= 2;
    this.#ids = new Uint32Array(capacity);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#size;
  }

  get(id: number): V | undefined {
    const slot = this.#find(id);
    return slot < 0 ? undefined : this.#values[slot];
  }

  has(id: number): boolean {
    return this.#find(id) >= 0;
  }

  /** Adds or replaces; `value` must not be undefined (it marks a free slot). */
  set(id: number, value: V): void {
    if (value === undefined) throw new TypeError("[c4bot] IdTable cannot hold undefined");
    const existing = this.#find(id);
    if (existing >= 0) {
      this.#values[existing] = value;
      return;
    }
    // At most half full, so a probe finds a free slot quickly.
    if ((this.#size + 1) * 2 > this.#values.length) this.#grow();
    this.#insert(id >>> 0, value);
    this.#size++;
  }

  /** Removes and returns the value, or undefined. */
  take(id: number): V | undefined {
    let slot = this.#find(id);
    if (slot < 0) return undefined;
    const values = this.#values;
    const ids = this.#ids;
    const mask = this.#mask;
    const value = values[slot];
    values[slot] = undefined;
    this.#size--;
    // Backward-shift deletion: an entry after the hole moves into it unless
    // its home slot lies cyclically in (hole, here].
    for (let next = (slot + 1) & mask; values[next] !== undefined; next = (next + 1) & mask) {
      const home = (ids[next] as number) & mask;
      const stays = slot <= next ? slot < home && home <= next : slot < home || home <= next;
      if (stays) continue;
      ids[slot] = ids[next] as number;
      values[slot] = values[next];
      values[next] = undefined;
      slot = next;
    }
    return value;
  }

  delete(id: number): boolean {
    return this.take(id) !== undefined;
  }

  /** The values, in no particular order (a snapshot: changing the table while using it is safe). */
  values(): V[] {
    const out: V[] = [];
    for (const value of this.#values) if (value !== undefined) out.push(value);
    return out;
  }

  clear(): void {
    this.#values.fill(undefined);
    this.#size = 0;
  }

  #find(id: number): number {
    const key = id >>> 0;
    const values = this.#values;
    const ids = this.#ids;
    const mask = this.#mask;
    for (let slot = key & mask; values[slot] !== undefined; slot = (slot + 1) & mask) {
      if (ids[slot] === key) return slot;
    }
    return -1;
  }

  #insert(key: number, value: V): void {
    const values = this.#values;
    const mask = this.#mask;
    let slot = key & mask;
    while (values[slot] !== undefined) slot = (slot + 1) & mask;
    this.#ids[slot] = key;
    values[slot] = value;
  }

  #grow(): void {
    const ids = this.#ids;
    const values = this.#values;
    const capacity = values.length * 2;
    this.#ids = new Uint32Array(capacity);
    this.#values = new Array<V | undefined>(capacity).fill(undefined);
    this.#mask = capacity - 1;
    for (let slot = 0; slot < values.length; slot++) {
      const value = values[slot];
      if (value !== undefined) this.#insert(ids[slot] as number, value);
    }
    // The old array may sit in the old generation: left full, it would keep
    // every value it held alive through scavenges until a full collection.
    values.fill(undefined);
  }
}
