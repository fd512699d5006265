/** The importer's collector and its small helpers, read directly. */
import { describe, expect, it } from 'vitest';
import {
  ImportContext,
  isObject,
  joinPath,
  present,
  str,
} from '../../src/import/import-context.js';

describe('import-context helpers', () => {
  it('isObject takes plain objects only', () => {
    expect([{}, { a: 1 }].map(isObject)).toEqual([true, true]);
    expect([null, [], 'x', 1, undefined].map(isObject)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('present is false for undefined and null only', () => {
    expect([undefined, null].map(present)).toEqual([false, false]);
    expect([0, '', false, {}].map(present)).toEqual([true, true, true, true]);
  });

  it('joinPath writes indices, identifiers and quoted keys', () => {
    expect(joinPath('steps', 2)).toBe('steps[2]');
    expect(joinPath('', 0)).toBe('[0]');
    expect(joinPath('', 'steps')).toBe('steps');
    expect(joinPath('a', 'b_1')).toBe('a.b_1');
    expect(joinPath('a', 'b c')).toBe('a["b c"]');
    expect(joinPath('', '2x')).toBe('["2x"]');
    expect(joinPath('a', '7')).toBe('a["7"]');
  });

  it('str keeps strings only', () => {
    expect(str('a')).toBe('a');
    expect(str('')).toBe('');
    expect(str(1)).toBeUndefined();
  });
});

describe('ImportContext', () => {
  it('prefixes messages with the path, or "definition" at the root', () => {
    const ctx = new ImportContext();
    ctx.warn('EDGE_DROPPED', 'edges[1]', 'gone');
    ctx.warn('FIELD_DROPPED', '', 'top');
    ctx.fail('NO_STEPS', '', 'no steps', 'add one');
    ctx.fail('BAD_BRANCH', 'steps[0].branches', 'bad', 'fix it');
    expect(ctx.warnings).toEqual([
      { code: 'EDGE_DROPPED', path: 'edges[1]', message: 'edges[1]: gone' },
      { code: 'FIELD_DROPPED', path: '', message: 'definition: top' },
    ]);
    expect(ctx.issues).toEqual([
      { code: 'NO_STEPS', path: '', message: 'definition: no steps. Fix: add one', fix: 'add one' },
      {
        code: 'BAD_BRANCH',
        path: 'steps[0].branches',
        message: 'steps[0].branches: bad. Fix: fix it',
        fix: 'fix it',
      },
    ]);
  });

  it('dropRest warns for every present key not consumed, with the default or given reason and code', () => {
    const ctx = new ImportContext();
    ctx.dropRest({ a: 1, b: null, c: 'x', d: undefined }, new Set(['c']), 'steps[0]');
    ctx.dropRest({ e: 0 }, new Set(), 'x', 'why not', 'TRIGGER_CONFIG_DROPPED');
    expect(ctx.warnings).toEqual([
      {
        code: 'FIELD_DROPPED',
        path: 'steps[0].a',
        message: 'steps[0].a: not used by the engine; left out',
      },
      { code: 'TRIGGER_CONFIG_DROPPED', path: 'x.e', message: 'x.e: why not' },
    ]);
  });
});
