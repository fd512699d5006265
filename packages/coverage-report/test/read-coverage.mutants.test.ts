import { describe, expect, it } from 'vitest';
import { InvalidShapeError } from '../src/errors.js';
import { validateCoverageData } from '../src/read-coverage.js';
import { applyPatch, istanbulRecord } from './fixture-workspace.js';
import type { Patch } from './fixture-workspace.js';

const set = (pointer: string, value: unknown): Patch => ({ op: 'set', pointer, value });
const del = (pointer: string): Patch => ({ op: 'delete', pointer });

function recordWith(...patches: Patch[]): unknown {
  const r = istanbulRecord('math.unit');
  for (const p of patches) applyPatch(r, p);
  return { 'a.js': r };
}

function shapeError(data: unknown): InvalidShapeError {
  try {
    validateCoverageData('in.json', data);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidShapeError);
    return error as InvalidShapeError;
  }
  throw new Error('expected an InvalidShapeError');
}

describe('validateCoverageData: exact messages', () => {
  it.each([
    [
      'an object where a hit count belongs',
      set('/s/0', {}),
      '/a.js/s/0',
      'expected a non-negative integer hit count below 2^53, received an object',
    ],
    [
      'an object as the source path',
      set('/path', { x: 1 }),
      '/a.js/path',
      'expected a source path string, received an object',
    ],
    [
      'a statement location that is a number',
      set('/statementMap/0', 3),
      '/a.js/statementMap/0',
      'expected a {start, end} location, received 3',
    ],
    [
      'a function entry that is a number',
      set('/fnMap/0', 1),
      '/a.js/fnMap/0',
      'expected a function entry, received 1',
    ],
    [
      'a branch entry that is null',
      set('/branchMap/0', null),
      '/a.js/branchMap/0',
      'expected a branch entry, received null',
    ],
    [
      'branch locations that are an object',
      set('/branchMap/0/locations', {}),
      '/a.js/branchMap/0/locations',
      'expected an array of locations, received an object',
    ],
    [
      'arm hits that are a number',
      set('/b/1', 2),
      '/a.js/b/1',
      'expected an array of arm hit counts, received 2',
    ],
    [
      'arm hits that are an object with a length',
      set('/b/1', { length: 2 }),
      '/a.js/b/1',
      'expected an array of arm hit counts, received an object',
    ],
    [
      'an fnMap that is an array',
      set('/fnMap', []),
      '/a.js/fnMap',
      'expected an object, received an array',
    ],
    [
      'a branchMap that is a string',
      set('/branchMap', 'x'),
      '/a.js/branchMap',
      'expected an object, received "x"',
    ],
    [
      'statement hits that are null',
      set('/s', null),
      '/a.js/s',
      'expected an object of statement hits, received null',
    ],
    [
      'function hits that are a number',
      set('/f', 1),
      '/a.js/f',
      'expected an object of function hits, received 1',
    ],
    [
      'branch hits that are missing',
      del('/b'),
      '/a.js/b',
      'expected an object of branch hits, received nothing',
    ],
    ['a function without a hit count', del('/f/0'), '/a.js/f', 'id "0" of fnMap has no hit count'],
    ['a branch without hit counts', del('/b/3'), '/a.js/b', 'id "3" of branchMap has no hit count'],
  ])('rejects %s', (_name, patch, pointer, detail) => {
    const error = shapeError(recordWith(patch));
    expect(error.pointer).toBe(pointer);
    expect(error.message).toBe(`in.json at ${pointer}: ${detail}`);
    expect(error.code).toBe('COVERAGE_INVALID_SHAPE');
  });

  it('checks the maps in order: statementMap, fnMap, branchMap, s, f, b', () => {
    const all = [
      set('/fnMap', null),
      set('/branchMap', null),
      set('/s', null),
      set('/f', null),
      set('/b', null),
    ];
    expect(shapeError(recordWith(...all)).pointer).toBe('/a.js/fnMap');
    expect(shapeError(recordWith(...all.slice(1))).pointer).toBe('/a.js/branchMap');
    expect(shapeError(recordWith(...all.slice(2))).pointer).toBe('/a.js/s');
    expect(shapeError(recordWith(...all.slice(3))).pointer).toBe('/a.js/f');
    expect(shapeError(recordWith(...all.slice(4))).pointer).toBe('/a.js/b');
  });

  it('accepts valid branches with and without loc, and implicit else arms', () => {
    const data = recordWith(del('/branchMap/0/loc'));
    expect(validateCoverageData('in.json', data)).toBe(data);
  });

  it('rejects a branch whose arm counts do not match its locations', () => {
    const error = shapeError(recordWith(set('/b/0', [1])));
    expect(error.message).toBe(
      'in.json at /a.js/b/0: expected 2 arm hit counts (one per location), received 1',
    );
  });

  it('rejects a fractional or negative line', () => {
    expect(shapeError(recordWith(set('/statementMap/1/start/line', 1.5))).message).toBe(
      'in.json at /a.js/statementMap/1/start/line: expected a non-negative integer line, received 1.5',
    );
    expect(shapeError(recordWith(set('/fnMap/2/loc/end/line', -1))).message).toBe(
      'in.json at /a.js/fnMap/2/loc/end/line: expected a non-negative integer line, received -1',
    );
  });
});
