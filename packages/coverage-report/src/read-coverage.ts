import type { CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import { EmptyCoverageError, InvalidShapeError, escapePointer } from './errors.js';
import { isRecord } from './is-record.js';
import { compactRecords } from './compact-coverage.js';
import type { CompactRecord } from './compact-coverage.js';
import { parseJsonText, readFileBytes, readJsonFile } from './json-text.js';
import { scanIstanbulJson } from './scan-istanbul.js';

type Json = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function isLine(line: unknown): boolean {
  return typeof line === 'number' && Number.isSafeInteger(line) && line >= 0;
}

/** A column is a non-negative integer, or `null` (v8-to-istanbul's `Infinity` once serialised). */
function isColumn(column: unknown): boolean {
  return column === null || isLine(column);
}

function okPosition(value: unknown): boolean {
  return isRecord(value) && isLine(value.line) && isColumn(value.column);
}

/** Allocation-free check; the slow path re-checks to build the error with its pointer. */
function okRange(value: unknown): boolean {
  return isRecord(value) && okPosition(value.start) && okPosition(value.end);
}

function isEmptyRecord(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const _key in value) return false;
  return true;
}

/** istanbul's implicit `else` arm: `{"start":{},"end":{}}` (a cloned `undefined` location). */
function isImplicitArm(value: unknown): boolean {
  return isRecord(value) && isEmptyRecord(value.start) && isEmptyRecord(value.end);
}

/** Hit counts are non-negative safe integers: no fraction, nothing at or above 2^53. */
function okHit(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Allocation-free check of one `fnMap` entry and its hit count. */
function okFunction(fn: unknown, hit: unknown): boolean {
  return (
    isRecord(fn) &&
    typeof fn.name === 'string' &&
    okRange(fn.loc) &&
    (fn.decl === undefined || okRange(fn.decl)) &&
    okHit(hit)
  );
}

/** Allocation-free check of one `branchMap` entry and its arm hit counts. */
function okBranch(branch: unknown, armHits: unknown): boolean {
  if (!isRecord(branch) || !Array.isArray(branch.locations) || !Array.isArray(armHits)) {
    return false;
  }
  const locations: unknown[] = branch.locations;
  if (armHits.length !== locations.length) return false;
  if (branch.loc !== undefined && !okRange(branch.loc)) return false;
  for (let i = 0; i < locations.length; i += 1) {
    if (!okRange(locations[i]) && !isImplicitArm(locations[i])) return false;
    if (!okHit(armHits[i])) return false;
  }
  return true;
}

class ShapeChecker {
  constructor(readonly file: string) {}

  fail(pointer: string, expected: string, value: unknown): never {
    throw new InvalidShapeError(
      this.file,
      pointer,
      `expected ${expected}, received ${describe(value)}`,
    );
  }

  record(pointer: string, value: unknown, expected: string): Json {
    if (!isRecord(value)) this.fail(pointer, expected, value);
    return value;
  }

  hits(pointer: string, value: unknown): never {
    return this.fail(pointer, 'a non-negative integer hit count below 2^53', value);
  }

  position(pointer: string, value: unknown): void {
    const pos = this.record(pointer, value, 'a {line, column} position');
    if (!isLine(pos.line)) this.fail(`${pointer}/line`, 'a non-negative integer line', pos.line);
    if (!isColumn(pos.column)) {
      this.fail(`${pointer}/column`, 'a non-negative integer column or null', pos.column);
    }
  }

  range(pointer: string, value: unknown): Json {
    const range = this.record(pointer, value, 'a {start, end} location');
    this.position(`${pointer}/start`, range.start);
    this.position(`${pointer}/end`, range.end);
    return range;
  }

  /**
   * Checks that the hit map and the location map have exactly the same ids; returns the ids of
   * the location map (its own order). When the counts agree, every id of the location map having a
   * hit count is enough: the hit map has no other.
   */
  sameIds(pointer: string, hitsName: string, hits: Json, mapName: string, map: Json): string[] {
    const ids = Object.keys(map);
    for (const id of ids) {
      if (!(id in hits)) {
        throw new InvalidShapeError(
          this.file,
          `${pointer}/${hitsName}`,
          `id ${JSON.stringify(id)} of ${mapName} has no hit count`,
        );
      }
    }
    const hitIds = Object.keys(hits);
    if (hitIds.length !== ids.length) {
      const extra = hitIds.find((id) => !(id in map)) as string;
      throw new InvalidShapeError(
        this.file,
        `${pointer}/${hitsName}/${escapePointer(extra)}`,
        `id ${JSON.stringify(extra)} is missing from ${mapName}`,
      );
    }
    return ids;
  }

  /** The slow path of {@link okFunction}: throws with the pointer of the first problem. */
  fn(pointer: string, id: string, fn: unknown, hit: unknown): void {
    const p = `${pointer}/fnMap/${escapePointer(id)}`;
    const meta = this.record(p, fn, 'a function entry');
    if (typeof meta.name !== 'string') this.fail(`${p}/name`, 'a function name', meta.name);
    this.range(`${p}/loc`, meta.loc);
    if (meta.decl !== undefined) this.range(`${p}/decl`, meta.decl);
    // Everything else checked out, so the hit count is what okFunction refused.
    this.hits(`${pointer}/f/${escapePointer(id)}`, hit);
  }

  /** The slow path of {@link okBranch}: throws with the pointer of the first problem. */
  branch(pointer: string, id: string, branch: unknown, armHits: unknown): void {
    const p = `${pointer}/branchMap/${escapePointer(id)}`;
    const meta = this.record(p, branch, 'a branch entry');
    if (!Array.isArray(meta.locations)) {
      this.fail(`${p}/locations`, 'an array of locations', meta.locations);
    }
    meta.locations.forEach((loc: unknown, i) => {
      if (!okRange(loc) && !isImplicitArm(loc)) this.range(`${p}/locations/${i}`, loc);
    });
    if (meta.loc !== undefined) this.range(`${p}/loc`, meta.loc);
    const hp = `${pointer}/b/${escapePointer(id)}`;
    if (!Array.isArray(armHits)) this.fail(hp, 'an array of arm hit counts', armHits);
    if (armHits.length !== meta.locations.length) {
      throw new InvalidShapeError(
        this.file,
        hp,
        `expected ${meta.locations.length} arm hit counts (one per location), received ${armHits.length}`,
      );
    }
    armHits.forEach((hit: unknown, i) => {
      if (!okHit(hit)) this.hits(`${hp}/${i}`, hit);
    });
  }

  fileCoverage(pointer: string, value: unknown): FileCoverageData {
    const data = this.record(pointer, value, 'a file coverage object');
    if (typeof data.path !== 'string' || data.path === '') {
      this.fail(`${pointer}/path`, 'a source path string', data.path);
    }
    const statementMap = this.record(`${pointer}/statementMap`, data.statementMap, 'an object');
    const fnMap = this.record(`${pointer}/fnMap`, data.fnMap, 'an object');
    const branchMap = this.record(`${pointer}/branchMap`, data.branchMap, 'an object');
    const s = this.record(`${pointer}/s`, data.s, 'an object of statement hits');
    const f = this.record(`${pointer}/f`, data.f, 'an object of function hits');
    const b = this.record(`${pointer}/b`, data.b, 'an object of branch hits');
    const statementIds = this.sameIds(pointer, 's', s, 'statementMap', statementMap);
    const fnIds = this.sameIds(pointer, 'f', f, 'fnMap', fnMap);
    const branchIds = this.sameIds(pointer, 'b', b, 'branchMap', branchMap);
    for (const id of statementIds) {
      const loc = statementMap[id];
      if (!okRange(loc)) this.range(`${pointer}/statementMap/${escapePointer(id)}`, loc);
      if (!okHit(s[id])) this.hits(`${pointer}/s/${escapePointer(id)}`, s[id]);
    }
    for (const id of fnIds) {
      if (!okFunction(fnMap[id], f[id])) this.fn(pointer, id, fnMap[id], f[id]);
    }
    for (const id of branchIds) {
      if (!okBranch(branchMap[id], b[id])) this.branch(pointer, id, branchMap[id], b[id]);
    }
    return data as unknown as FileCoverageData;
  }
}

/**
 * Validates parsed istanbul JSON (`coverage-final.json`, as vitest's istanbul and v8 providers and
 * nyc write it): an object of file coverage records whose hit maps have exactly the ids of their
 * location maps and whose hits are non-negative safe integers, and whose positions have a line and a column
 * (the one exception: istanbul's implicit `else` arm `{"start":{},"end":{}}`). Throws {@link InvalidShapeError} with a JSON
 * pointer, or {@link EmptyCoverageError} when the input reports no file.
 */
export function validateCoverageData(file: string, data: unknown): CoverageMapData {
  const checker = new ShapeChecker(file);
  const root = checker.record('', data, 'an object of file coverage records');
  const keys = Object.keys(root);
  if (keys.length === 0) throw new EmptyCoverageError(file);
  for (const key of keys) checker.fileCoverage(`/${escapePointer(key)}`, root[key]);
  return root as unknown as CoverageMapData;
}

/** Reads and validates one istanbul JSON input (see {@link validateCoverageData}). */
export async function readCoverageFile(
  file: string,
  display: string = file,
): Promise<CoverageMapData> {
  return validateCoverageData(display, await readJsonFile(file, display));
}

/**
 * Reads one istanbul JSON input straight into compact records: inputs in istanbul's own layout are
 * read without building the parsed value ({@link scanIstanbulJson}); any other input is parsed and
 * validated in full (see {@link readCoverageFile}), with the same records or the same errors.
 */
export function readCompactRecords(file: string, display: string): CompactRecord[] {
  const bytes = readFileBytes(file, display);
  const scanned = scanIstanbulJson(bytes);
  if (scanned !== undefined) return scanned;
  return compactRecords(
    validateCoverageData(display, parseJsonText(display, bytes.toString('utf8'))),
  );
}
