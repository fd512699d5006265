/**
 * A string → integer table for validation's hot loops (node ids, edge ids): open addressing over
 * typed arrays, FNV-1a over the string's code units. On large definitions it is several times
 * faster than a `Map` (no per-entry allocation, no rehash of boxed entries). A probe sequence that
 * grows long (strings crafted to collide) switches the table to a `Map`, so the worst case stays
 * linear.
 *
 * @module
 */

/** Longest probe sequence accepted before falling back to a `Map`. */
const MAX_PROBE = 64;

/** FNV-1a over the UTF-16 code units of `key`, folded; the table uses its low bits. */
export function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 16);
}

/** Maps strings to non-negative integers. Absent keys read as `-1`. */
export class StringIndex {
  /** Slot → entry number + 1 (0 = empty). Load factor ≤ 1/2. */
  private table: Int32Array;
  private mask: number;
  /** Per entry, preallocated (growing a large array by `push` is several times slower). */
  private keys: string[];
  private values: Int32Array;
  private hashes: Int32Array;
  private count = 0;
  private map: Map<string, number> | undefined;

  /** @param expected - roughly how many keys will be stored (the table grows past it). */
  constructor(expected = 8) {
    const entries = Math.max(8, expected);
    let capacity = 16;
    while (capacity < entries * 2) capacity *= 2;
    this.table = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.keys = new Array<string>(entries);
    this.values = new Int32Array(entries);
    this.hashes = new Int32Array(entries);
  }

  /** Number of keys stored. */
  get size(): number {
    return this.map === undefined ? this.count : this.map.size;
  }

  /** Slots of the open-addressing table (0 once it became a `Map`); for tests. */
  get slots(): number {
    return this.table.length;
  }

  /** True once a long probe sequence switched the index to a `Map`; for tests. */
  get isMap(): boolean {
    return this.map !== undefined;
  }

  /** The value stored for `key`, or `-1`. */
  get(key: string): number {
    if (this.map !== undefined) return this.map.get(key) ?? -1;
    const { table, mask, keys } = this;
    let slot = hashString(key) & mask;
    for (let probe = 0; ; probe++) {
      const entry = table[slot] as number;
      if (entry === 0) return -1;
      if (keys[entry - 1] === key) return this.values[entry - 1] as number;
      if (probe === MAX_PROBE) {
        this.toMap();
        return this.get(key);
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Stores `value` (≥ 0) for `key` unless the key is present. Returns the value already stored, or
   * `-1` when `key` was added.
   */
  setIfAbsent(key: string, value: number): number {
    if (this.map !== undefined) return this.mapSetIfAbsent(key, value);
    const { table, mask, keys } = this;
    const h = hashString(key);
    let slot = h & mask;
    for (let probe = 0; ; probe++) {
      const entry = table[slot] as number;
      if (entry === 0) break;
      if (keys[entry - 1] === key) return this.values[entry - 1] as number;
      if (probe === MAX_PROBE) {
        this.toMap();
        return this.mapSetIfAbsent(key, value);
      }
      slot = (slot + 1) & mask;
    }
    if (this.count === this.values.length) this.growEntries();
    const at = this.count++;
    this.keys[at] = key;
    this.values[at] = value;
    this.hashes[at] = h;
    table[slot] = at + 1;
    if (this.count * 2 > table.length) this.growTable();
    return -1;
  }

  private mapSetIfAbsent(key: string, value: number): number {
    const map = this.map as Map<string, number>;
    const found = map.get(key);
    if (found !== undefined) return found;
    map.set(key, value);
    return -1;
  }

  private toMap(): void {
    const map = new Map<string, number>();
    for (let i = 0; i < this.count; i++) map.set(this.keys[i] as string, this.values[i] as number);
    this.map = map;
    this.table = new Int32Array(0);
  }

  private growEntries(): void {
    const size = this.values.length * 2;
    const keys = new Array<string>(size);
    for (let i = 0; i < this.count; i++) keys[i] = this.keys[i] as string;
    const values = new Int32Array(size);
    values.set(this.values);
    const hashes = new Int32Array(size);
    hashes.set(this.hashes);
    this.keys = keys;
    this.values = values;
    this.hashes = hashes;
  }

  private growTable(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = (this.hashes[i] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}
