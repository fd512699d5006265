import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EmptyCoverageError,
  InvalidJsonError,
  InvalidShapeError,
  ReadError,
} from '../src/errors.js';
import { validateCoverageData } from '../src/read-coverage.js';
import { scanIstanbulJson } from '../src/scan-istanbul.js';
import { lineColumnAt, parseJsonText, readJsonFile } from '../src/json-text.js';
import { applyPatch, istanbulRecord } from './fixture-workspace.js';
import type { Patch } from './fixture-workspace.js';

function recordWith(...patches: Patch[]): unknown {
  const r = istanbulRecord('math.unit');
  for (const p of patches) applyPatch(r, p);
  return { 'a.js': r };
}

const set = (pointer: string, value: unknown): Patch => ({ op: 'set', pointer, value });
const del = (pointer: string): Patch => ({ op: 'delete', pointer });

function shapeError(data: unknown): InvalidShapeError {
  try {
    validateCoverageData('in.json', data);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidShapeError);
    return error as InvalidShapeError;
  }
  throw new Error('expected an InvalidShapeError');
}

describe('read-coverage', () => {
  describe('lineColumnAt', () => {
    it('gives 1-based line and column', () => {
      expect(lineColumnAt('ab\ncd\nef', 0)).toEqual([1, 1]);
      expect(lineColumnAt('ab\ncd\nef', 4)).toEqual([2, 2]);
      expect(lineColumnAt('ab\ncd\nef', 99)).toEqual([3, 3]);
    });
  });

  describe('parseJsonText', () => {
    it('ignores a leading BOM', () => {
      expect(parseJsonText('f', '\uFEFF{"a":1}')).toEqual({ a: 1 });
    });
    it('reports line and column of a syntax error', () => {
      const error = (() => {
        try {
          parseJsonText('f.json', '{\n  "a": 1,\n  x\n}');
        } catch (e) {
          return e as InvalidJsonError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidJsonError);
      expect([error?.line, error?.column]).toEqual([3, 3]);
      expect(error?.message).toMatch(/^f\.json:3:3: invalid JSON: /);
      expect(error?.cause).toBeInstanceOf(SyntaxError);
    });
    it('places an unexpected end at the end of the text', () => {
      expect(() => parseJsonText('f.json', '{"a":')).toThrow(/^f\.json:1:6: invalid JSON/);
    });
    it('treats blank text as empty', () => {
      expect(() => parseJsonText('f', ' \n')).toThrow(EmptyCoverageError);
    });
  });

  describe('readJsonFile', () => {
    it('wraps an unreadable file in a ReadError naming it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atom-read-'));
      await expect(readJsonFile(dir, 'shown.json')).rejects.toThrow(ReadError);
      await expect(readJsonFile(join(dir, 'missing.json'), 'shown.json')).rejects.toThrow(
        /^shown\.json: cannot read: /,
      );
    });
  });

  describe('validateCoverageData', () => {
    it('accepts real istanbul output, including {} positions of implicit else arms', () => {
      const data = { 'a.js': istanbulRecord('math.full') };
      expect(validateCoverageData('in.json', data)).toBe(data);
    });
    it('rejects a non-object top level', () => {
      expect(shapeError(null).pointer).toBe('');
      expect(shapeError('x').message).toBe(
        'in.json at /: expected an object of file coverage records, received "x"',
      );
    });
    it('rejects an empty object as empty coverage', () => {
      expect(() => validateCoverageData('in.json', {})).toThrow(EmptyCoverageError);
    });
    it.each([
      [
        'a negative column',
        set('/statementMap/0/start/column', -1),
        '/a.js/statementMap/0/start/column',
      ],
      [
        'a string column',
        set('/statementMap/0/end/column', 'x'),
        '/a.js/statementMap/0/end/column',
      ],
      [
        'a position that is not an object',
        set('/statementMap/0/start', 3),
        '/a.js/statementMap/0/start',
      ],
      ['a bad function decl', set('/fnMap/0/decl', []), '/a.js/fnMap/0/decl'],
      ['a function without loc', del('/fnMap/1/loc'), '/a.js/fnMap/1/loc'],
      [
        'branch locations not an array',
        set('/branchMap/0/locations', {}),
        '/a.js/branchMap/0/locations',
      ],
      [
        'a bad branch location',
        set('/branchMap/0/locations/0', { start: 1, end: 2 }),
        '/a.js/branchMap/0/locations/0/start',
      ],
      ['a bad branch loc', set('/branchMap/2/loc', 'x'), '/a.js/branchMap/2/loc'],
      ['branch hits not an array', set('/b/1', 2), '/a.js/b/1'],
      ['an infinite hit', set('/s/0', Infinity), '/a.js/s/0'],
      ['an empty path', set('/path', ''), '/a.js/path'],
      ['a function entry that is not an object', set('/fnMap/0', 1), '/a.js/fnMap/0'],
      ['a branch entry that is not an object', set('/branchMap/0', null), '/a.js/branchMap/0'],
      ['an extra branch hit id', set('/b/9', [0]), '/a.js/b/9'],
      ['a function hit id missing', del('/f/0'), '/a.js/f'],
    ])('rejects %s with a JSON pointer', (_name, patch, pointer) => {
      expect(shapeError(recordWith(patch)).pointer).toBe(pointer);
    });
    it('points at the bad hit of a function without decl and of a branch without loc', () => {
      const fn = istanbulRecord('math.unit');
      applyPatch(fn, del('/fnMap/0/decl'));
      applyPatch(fn, set('/f/0', 0.5));
      expect(shapeError({ 'a.js': fn }).pointer).toBe('/a.js/f/0');
      const branch = istanbulRecord('math.unit');
      applyPatch(branch, del('/branchMap/2/loc'));
      applyPatch(branch, set('/b/2/1', -1));
      expect(shapeError({ 'a.js': branch }).pointer).toBe('/a.js/b/2/1');
    });
    it('escapes ~ and / in pointers', () => {
      const r = istanbulRecord('math.unit');
      r.s = { ...(r.s as object), 'x/y~': 1 };
      expect(shapeError({ 'k/~': r }).pointer).toBe('/k~1~0/s/x~1y~0');
    });
  });
});

describe('read-coverage optional parts', () => {
  it('refuses a literal {} arm: a location without line or column', () => {
    const r = istanbulRecord('math.unit');
    applyPatch(r, set('/branchMap/1/locations/1', {}));
    expect(() => validateCoverageData('in.json', { 'a.js': r })).toThrow(
      'in.json at /a.js/branchMap/1/locations/1/start: expected a {line, column} position, received nothing',
    );
  });

  it('accepts functions without decl, implicit-else arms and branches without loc', async () => {
    const r = istanbulRecord('math.unit');
    applyPatch(r, del('/fnMap/0/decl'));
    applyPatch(r, set('/branchMap/1/locations/1', { start: {}, end: {} }));
    applyPatch(r, del('/branchMap/2/loc'));
    expect(() => validateCoverageData('in.json', { 'a.js': r })).not.toThrow();
    const { mkdtempSync: mk, writeFileSync } = await import('node:fs');
    const dir = mk(join(tmpdir(), 'atom-rc-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ 'a.js': r }));
    const { readCoverageFile } = await import('../src/read-coverage.js');
    expect(Object.keys(await readCoverageFile(join(dir, 'c.json')))).toEqual(['a.js']);
    await expect(readJsonFile(join(dir, 'nope.json'))).rejects.toThrow(
      `${join(dir, 'nope.json')}: cannot read`,
    );
  });

  it('readCompactRecords: the same records by either reader, the same errors, a clear read error', async () => {
    const { readCompactRecords, readCoverageFile } = await import('../src/read-coverage.js');
    const { compactRecords } = await import('../src/compact-coverage.js');
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'atom-rc-'));
    const r = istanbulRecord('math.unit');
    // istanbul's layout (scanned directly), and a hit written 1e0 (parsed in full): same records.
    for (const [name, text] of [
      ['plain.json', JSON.stringify({ '/r/a.js': r })],
      ['other.json', JSON.stringify({ '/r/a.js': r }).replace(/"s":\{"0":(\d+)/, '"s":{"0":$1e0')],
    ] as const) {
      writeFileSync(join(dir, name), text);
      expect(scanIstanbulJson(Buffer.from(text)) === undefined).toBe(name === 'other.json');
      expect(readCompactRecords(join(dir, name), name)).toEqual(
        compactRecords(await readCoverageFile(join(dir, name), name)),
      );
    }
    writeFileSync(join(dir, 'bad.json'), '{"a.js": {"path": "a.js"}}');
    expect(() => readCompactRecords(join(dir, 'bad.json'), 'bad.json')).toThrow(
      'bad.json at /a.js/statementMap: expected an object, received nothing',
    );
    expect(() => readCompactRecords(join(dir, 'nope.json'), 'pkg/nope.json')).toThrow(
      'pkg/nope.json: cannot read',
    );
  });
});
