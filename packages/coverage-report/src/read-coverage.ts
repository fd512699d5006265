import { readFile } from 'node:fs/promises';
import type { CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import {
  EmptyCoverageError,
  InvalidJsonError,
  InvalidShapeError,
  ReadError,
  escapePointer,
} from './errors.js';

/** 1-based line and column of character `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return [line, end - lineStart + 1];
}

/**
 * Parses JSON text (a leading UTF-8 BOM is ignored). A syntax error becomes an
 * {@link InvalidJsonError} with the 1-based line and column; 0-byte or blank text an
 * {@link EmptyCoverageError}.
 */
export function parseJsonText(file: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new EmptyCoverageError(file, 'empty file: expected JSON');
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const detail = (error as SyntaxError).message;
    const position = /at position (\d+)/.exec(detail)?.[1];
    const [line, column] = lineColumnAt(
      body,
      position === undefined ? body.length : Number(position),
    );
    throw new InvalidJsonError(
      file,
      line,
      column,
      detail.replace(/\s*\(line \d+ column \d+\)$/, ''),
      error,
    );
  }
}

/** Reads a file as UTF-8 and parses it with {@link parseJsonText}. */
export async function readJsonFile(file: string, display: string = file): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ReadError(display, error);
  }
  return parseJsonText(display, text);
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function okPosition(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { line, column } = value;
  return (
    (line === undefined || (typeof line === 'number' && Number.isInteger(line) && line >= 0)) &&
    (column === undefined || column === null || (typeof column === 'number' && column >= 0))
  );
}

/** Allocation-free check; the slow path re-checks to build the error with its pointer. */
function okRange(value: unknown): boolean {
  return isRecord(value) && okPosition(value.start) && okPosition(value.end);
}

function okHit(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value !== Infinity;
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

  hits(pointer: string, value: unknown): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.fail(pointer, 'a non-negative hit count', value);
    }
  }

  position(pointer: string, value: unknown): void {
    const pos = this.record(pointer, value, 'a {line, column} position');
    const { line, column } = pos;
    // istanbul writes `{}` positions for the implicit else of an `if` without one.
    if (line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 0)) {
      this.fail(`${pointer}/line`, 'a non-negative integer line', line);
    }
    if (column !== null && column !== undefined && (typeof column !== 'number' || column < 0)) {
      this.fail(`${pointer}/column`, 'a non-negative column or null', column);
    }
  }

  range(pointer: string, value: unknown): Json {
    const range = this.record(pointer, value, 'a {start, end} location');
    this.position(`${pointer}/start`, range.start);
    this.position(`${pointer}/end`, range.end);
    return range;
  }

  /** Checks that the hit map and the location map have exactly the same ids. */
  sameIds(pointer: string, hitsName: string, hits: Json, mapName: string, map: Json): void {
    for (const id of Object.keys(map)) {
      if (!(id in hits)) {
        throw new InvalidShapeError(
          this.file,
          `${pointer}/${hitsName}`,
          `id ${JSON.stringify(id)} of ${mapName} has no hit count`,
        );
      }
    }
    for (const id of Object.keys(hits)) {
      if (!(id in map)) {
        throw new InvalidShapeError(
          this.file,
          `${pointer}/${hitsName}/${escapePointer(id)}`,
          `id ${JSON.stringify(id)} is missing from ${mapName}`,
        );
      }
    }
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
    this.sameIds(pointer, 's', s, 'statementMap', statementMap);
    this.sameIds(pointer, 'f', f, 'fnMap', fnMap);
    this.sameIds(pointer, 'b', b, 'branchMap', branchMap);
    for (const id of Object.keys(statementMap)) {
      const loc = statementMap[id];
      if (!okRange(loc)) this.range(`${pointer}/statementMap/${escapePointer(id)}`, loc);
      if (!okHit(s[id])) this.hits(`${pointer}/s/${escapePointer(id)}`, s[id]);
    }
    for (const [id, fn] of Object.entries(fnMap)) {
      const p = `${pointer}/fnMap/${escapePointer(id)}`;
      const meta = this.record(p, fn, 'a function entry');
      if (typeof meta.name !== 'string') this.fail(`${p}/name`, 'a function name', meta.name);
      if (!okRange(meta.loc)) this.range(`${p}/loc`, meta.loc);
      if (meta.decl !== undefined && !okRange(meta.decl)) this.range(`${p}/decl`, meta.decl);
      if (!okHit(f[id])) this.hits(`${pointer}/f/${escapePointer(id)}`, f[id]);
    }
    for (const [id, branch] of Object.entries(branchMap)) {
      const p = `${pointer}/branchMap/${escapePointer(id)}`;
      const meta = this.record(p, branch, 'a branch entry');
      if (!Array.isArray(meta.locations)) {
        this.fail(`${p}/locations`, 'an array of locations', meta.locations);
      }
      meta.locations.forEach((loc: unknown, i) => {
        if (!okRange(loc) && !(isRecord(loc) && Object.keys(loc).length === 0)) {
          this.range(`${p}/locations/${i}`, loc);
        }
      });
      if (meta.loc !== undefined && !okRange(meta.loc)) this.range(`${p}/loc`, meta.loc);
      const hp = `${pointer}/b/${escapePointer(id)}`;
      const armHits = b[id];
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
    return data as unknown as FileCoverageData;
  }
}

/**
 * Validates parsed istanbul JSON (`coverage-final.json`, as vitest's istanbul and v8 providers and
 * nyc write it): an object of file coverage records whose hit maps have exactly the ids of their
 * location maps and whose hits are non-negative numbers. Throws {@link InvalidShapeError} with a JSON
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
