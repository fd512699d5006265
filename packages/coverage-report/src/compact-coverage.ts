import type { CoverageMapData, FileCoverageData, Range } from 'istanbul-lib-coverage';

/**
 * The part of an istanbul record that `coverage.json` needs, in typed arrays: a few percent of the
 * parsed record's memory. Two compact records of the same source merge by adding hits item by item
 * when their `shape` hashes are equal (same ids at the same locations).
 */
export interface CompactFile {
  /** Hash of every item's id order and location; equal shapes merge item by item. */
  shape: string;
  /** `all: true` placeholder (a file no test loaded): loses to real data. */
  all: boolean;
  statementLines: Int32Array;
  s: Float64Array;
  functionNames: string[];
  functionLines: Int32Array;
  f: Float64Array;
  branchLines: Int32Array;
  /** Arms of branch `i` are `b[armStart[i]] … b[armStart[i + 1] - 1]`. */
  armStart: Int32Array;
  b: Float64Array;
}

/** One file record of an input in compact form, with its key and `path`. */
export interface CompactRecord {
  /** The record's key in the input object. */
  key: string;
  /** Its `path` field. */
  path: string;
  compact: CompactFile;
}

/** Two 32-bit FNV-1a style hashes over numbers, printed together: 64 bits of shape. */
export class ShapeHash {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;

  add(n: number): void {
    this.h1 = Math.imul(this.h1 ^ (n | 0), 0x01000193) >>> 0;
    this.h2 = Math.imul(this.h2 ^ ((n * 31 + 7) | 0), 0x5bd1e995) >>> 0;
  }

  range(range: Partial<Range> | undefined): void {
    this.add(range?.start?.line ?? -2);
    this.add(range?.start?.column ?? -1);
    this.add(range?.end?.line ?? -2);
    this.add(range?.end?.column ?? -1);
  }

  text(value: string): void {
    for (let i = 0; i < value.length; i += 1) this.add(value.charCodeAt(i));
    this.add(-3);
  }

  /**
   * The id of item `index`: istanbul numbers items "0", "1", …, which the item count already
   * tells (the shape ends each list with a marker), so only other ids are hashed, after a marker.
   */
  id(value: string, index: number): void {
    if (value !== String(index)) {
      this.add(-6);
      this.text(value);
    }
  }

  toString(): string {
    return `${this.h1.toString(16)}.${this.h2.toString(16)}`;
  }
}

function startLine(range: Partial<Range> | undefined): number | undefined {
  return range?.start?.line;
}

/** The compact form of a validated istanbul record. */
export function compactFile(data: FileCoverageData): CompactFile {
  const hash = new ShapeHash();
  const statementIds = Object.keys(data.statementMap);
  const statementLines = new Int32Array(statementIds.length);
  const s = new Float64Array(statementIds.length);
  // Plain loops, not forEach: this runs once per file in a short-lived process, mostly cold.
  for (let i = 0; i < statementIds.length; i += 1) {
    const id = statementIds[i] as string;
    const range = data.statementMap[id];
    hash.id(id, i);
    hash.range(range);
    statementLines[i] = range?.start.line ?? 0;
    s[i] = data.s[id] ?? 0;
  }
  hash.add(-4);
  const fnIds = Object.keys(data.fnMap);
  const functionNames: string[] = [];
  const functionLines = new Int32Array(fnIds.length);
  const f = new Float64Array(fnIds.length);
  for (let i = 0; i < fnIds.length; i += 1) {
    const id = fnIds[i] as string;
    const meta = data.fnMap[id];
    hash.id(id, i);
    hash.range(meta?.loc);
    functionNames.push(meta?.name ?? '');
    functionLines[i] =
      startLine(meta?.decl) ?? startLine(meta?.loc) ?? (meta as { line?: number }).line ?? 0;
    f[i] = data.f[id] ?? 0;
  }
  hash.add(-5);
  const branchIds = Object.keys(data.branchMap);
  const branchLines = new Int32Array(branchIds.length);
  const armStart = new Int32Array(branchIds.length + 1);
  const arms: number[] = [];
  for (let i = 0; i < branchIds.length; i += 1) {
    const id = branchIds[i] as string;
    const meta = data.branchMap[id];
    hash.id(id, i);
    hash.range(meta?.loc);
    branchLines[i] =
      startLine(meta?.loc) ??
      (meta as { line?: number }).line ??
      startLine(meta?.locations[0]) ??
      0;
    armStart[i] = arms.length;
    const hits = data.b[id] ?? [];
    hash.add(hits.length);
    for (const location of meta?.locations ?? []) hash.range(location);
    for (const hit of hits) arms.push(hit);
  }
  armStart[branchIds.length] = arms.length;
  return {
    shape: hash.toString(),
    all: (data as { all?: unknown }).all === true,
    statementLines,
    s,
    functionNames,
    functionLines,
    f,
    branchLines,
    armStart,
    b: Float64Array.from(arms),
  };
}

/** The compact records of a validated input, in its key order. */
export function compactRecords(data: CoverageMapData): CompactRecord[] {
  return Object.entries(data).map(([key, record]) => ({
    key,
    path: record.path,
    compact: compactFile(record),
  }));
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let i = 0; i < target.length; i += 1)
    target[i] = (target[i] as number) + (source[i] as number);
}

/**
 * Merges `other` into `into` the way istanbul-lib-coverage does for records of the same shape:
 * hits add; a placeholder (`all: true`) loses to real data. Returns the merged record, or
 * `undefined` when both are real and their shapes differ (the caller falls back to istanbul's
 * location-matching merge).
 */
export function mergeCompact(into: CompactFile, other: CompactFile): CompactFile | undefined {
  if (other.all) return into;
  if (into.all) return other;
  if (into.shape !== other.shape) return undefined;
  addInto(into.s, other.s);
  addInto(into.f, other.f);
  addInto(into.b, other.b);
  return into;
}
