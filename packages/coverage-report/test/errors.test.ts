import { describe, expect, it } from 'vitest';
import {
  CoverageReportError,
  EmptyCoverageError,
  InvalidJsonError,
  ReadError,
  UsageError,
  escapePointer,
  isCoverageReportError,
} from '../src/errors.js';

describe('errors', () => {
  it('carry a stable code, the file and the cause', () => {
    const cause = new Error('EACCES');
    const e = new ReadError('a.json', cause);
    expect([e.code, e.file, e.cause, e.name, e.message]).toEqual([
      'COVERAGE_READ',
      'a.json',
      cause,
      'ReadError',
      'a.json: cannot read: EACCES',
    ]);
    expect(new ReadError('b.json', 'gone').message).toBe('b.json: cannot read: gone');
    const j = new InvalidJsonError('c.json', 2, 3, 'bad');
    expect([j.line, j.column, j.cause]).toEqual([2, 3, undefined]);
    expect(new EmptyCoverageError('d.json').message).toBe(
      'd.json: empty coverage: no source file reported',
    );
  });
  it('isCoverageReportError recognises every subclass and nothing else', () => {
    expect(isCoverageReportError(new UsageError('x'))).toBe(true);
    expect(isCoverageReportError(new CoverageReportError('COVERAGE_EMPTY', 'x'))).toBe(true);
    expect(isCoverageReportError(new Error('x'))).toBe(false);
    expect(isCoverageReportError({ code: 'COVERAGE_USAGE' })).toBe(false);
  });
  it('escapes JSON pointer segments', () => {
    expect(escapePointer('a/b~c')).toBe('a~1b~0c');
  });
});
