// Every error class's message, code, name and fields, exactly: the messages are the CLI's output
// (one line naming the file and the place), so a changed word is a changed interface.
import { describe, expect, it } from 'vitest';
import {
  CoverageReportError,
  DuplicateKeyError,
  EmptyCoverageError,
  InstrumentationMismatchError,
  InvalidJsonError,
  InvalidShapeError,
  InvalidTargetsError,
  NoInputsError,
  NotMergedError,
  PathOutsideRootError,
  ReadError,
  RuleMatchesNothingError,
  UnknownPackageError,
  UsageError,
} from '../src/errors.js';

interface Row {
  error: CoverageReportError;
  name: string;
  code: string;
  file: string | undefined;
  message: string;
  fields?: Record<string, unknown>;
}

const rows: Row[] = [
  {
    error: new UsageError('unknown flag --x'),
    name: 'UsageError',
    code: 'COVERAGE_USAGE',
    file: undefined,
    message: 'unknown flag --x',
  },
  {
    error: new InvalidJsonError('c.json', 2, 3, 'Unexpected token'),
    name: 'InvalidJsonError',
    code: 'COVERAGE_INVALID_JSON',
    file: 'c.json',
    message: 'c.json:2:3: invalid JSON: Unexpected token',
    fields: { line: 2, column: 3 },
  },
  {
    error: new DuplicateKeyError('d.json', '/src~1a.ts/s', 4, 7),
    name: 'DuplicateKeyError',
    code: 'COVERAGE_DUPLICATE_KEY',
    file: 'd.json',
    message:
      'd.json at /src~1a.ts/s (4:7): duplicate key in one object (JSON.parse would keep only the last value)',
    fields: { pointer: '/src~1a.ts/s', line: 4, column: 7 },
  },
  {
    error: new InvalidShapeError('e.json', '/a/s', 'expected an object'),
    name: 'InvalidShapeError',
    code: 'COVERAGE_INVALID_SHAPE',
    file: 'e.json',
    message: 'e.json at /a/s: expected an object',
    fields: { pointer: '/a/s' },
  },
  {
    error: new InvalidShapeError('e.json', '', 'expected an object'),
    name: 'InvalidShapeError',
    code: 'COVERAGE_INVALID_SHAPE',
    file: 'e.json',
    message: 'e.json at /: expected an object',
    fields: { pointer: '' },
  },
  {
    error: new NotMergedError('coverage.json', 'check'),
    name: 'NotMergedError',
    code: 'COVERAGE_NOT_MERGED',
    file: 'coverage.json',
    message:
      'coverage.json not found: run `atom-coverage merge` first (check reads what merge writes)',
  },
  {
    error: new NotMergedError('m.json', 'report', ['text', 'summary']),
    name: 'NotMergedError',
    code: 'COVERAGE_NOT_MERGED',
    file: 'm.json',
    message: 'm.json not found: run `atom-coverage merge` first (report reads what merge writes)',
  },
  {
    error: new NotMergedError('m.json', 'report', ['text', 'lcov', 'html']),
    name: 'NotMergedError',
    code: 'COVERAGE_NOT_MERGED',
    file: 'm.json',
    message:
      'm.json not found: the lcov, html reporter needs the merged istanbul map; run `atom-coverage merge --reporter json` first, or `atom-coverage run --reporter lcov`',
  },
  ...(['json', 'cobertura'] as const).map((r) => ({
    error: new NotMergedError('m.json', 'report', [r]),
    name: 'NotMergedError',
    code: 'COVERAGE_NOT_MERGED',
    file: 'm.json',
    message: `m.json not found: the ${r} reporter needs the merged istanbul map; run \`atom-coverage merge --reporter json\` first, or \`atom-coverage run --reporter ${r}\``,
  })),
  {
    error: new NoInputsError(['**/coverage-final.json', 'x/*.json'], '/repo'),
    name: 'NoInputsError',
    code: 'COVERAGE_NO_INPUTS',
    file: undefined,
    message: 'no coverage inputs found under /repo (tried **/coverage-final.json, x/*.json)',
    fields: { globs: ['**/coverage-final.json', 'x/*.json'] },
  },
  {
    error: new EmptyCoverageError('f.json', 'no inputs held a source file'),
    name: 'EmptyCoverageError',
    code: 'COVERAGE_EMPTY',
    file: 'f.json',
    message: 'f.json: no inputs held a source file',
  },
  {
    error: new PathOutsideRootError('g.json', '/~1tmp~1a.ts', '/tmp/a.ts', '/repo'),
    name: 'PathOutsideRootError',
    code: 'COVERAGE_PATH_OUTSIDE_ROOT',
    file: 'g.json',
    message:
      'g.json at /~1tmp~1a.ts: source path "/tmp/a.ts" cannot be placed under the root /repo',
    fields: { path: '/tmp/a.ts', pointer: '/~1tmp~1a.ts' },
  },
  {
    error: new InstrumentationMismatchError(
      'src/a~b.ts',
      'one.json',
      'two.json',
      '3 vs 4 statements',
    ),
    name: 'InstrumentationMismatchError',
    code: 'COVERAGE_MISMATCH',
    file: 'two.json',
    message:
      'two.json at /src~1a~0b.ts: src/a~b.ts was instrumented differently than in one.json (3 vs 4 statements); pass --allow-mismatch to merge anyway',
    fields: { path: 'src/a~b.ts', inputs: ['one.json', 'two.json'] },
  },
  {
    error: new InvalidTargetsError('t.json', '/lines', 'expected a number'),
    name: 'InvalidTargetsError',
    code: 'COVERAGE_INVALID_TARGETS',
    file: 't.json',
    message: 't.json at /lines: expected a number',
    fields: { pointer: '/lines' },
  },
  {
    error: new InvalidTargetsError('t.json', '', 'expected an object'),
    name: 'InvalidTargetsError',
    code: 'COVERAGE_INVALID_TARGETS',
    file: 't.json',
    message: 't.json at /: expected an object',
    fields: { pointer: '' },
  },
  {
    error: new UnknownPackageError('t.json', '/packages/x', 'x', ['a', 'b']),
    name: 'UnknownPackageError',
    code: 'COVERAGE_UNKNOWN_PACKAGE',
    file: 't.json',
    message: 't.json at /packages/x: unknown package "x" (known: a, b)',
    fields: { pointer: '/packages/x', packageName: 'x' },
  },
  {
    error: new UnknownPackageError('t.json', '/packages/x', 'x', []),
    name: 'UnknownPackageError',
    code: 'COVERAGE_UNKNOWN_PACKAGE',
    file: 't.json',
    message: 't.json at /packages/x: unknown package "x" (known: none)',
  },
  {
    error: new RuleMatchesNothingError('t.json', '/files/0', 'src/**/*.js'),
    name: 'RuleMatchesNothingError',
    code: 'COVERAGE_RULE_MATCHES_NOTHING',
    file: 't.json',
    message: 't.json at /files/0: rule "src/**/*.js" matches no file',
    fields: { pointer: '/files/0', rule: 'src/**/*.js' },
  },
];

describe('error messages', () => {
  it.each(rows.map((r) => [r.message, r] as const))('%s', (_, row) => {
    const { error } = row;
    expect(error).toBeInstanceOf(CoverageReportError);
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      code: error.code,
      file: error.file,
      message: error.message,
    }).toEqual({ name: row.name, code: row.code, file: row.file, message: row.message });
    for (const [key, value] of Object.entries(row.fields ?? {})) {
      expect(error[key as keyof CoverageReportError], key).toEqual(value);
    }
  });

  it('attaches a cause only when one is given', () => {
    const cause = new SyntaxError('bad');
    expect(new InvalidJsonError('a.json', 1, 1, 'x', cause).cause).toBe(cause);
    expect('cause' in new InvalidJsonError('a.json', 1, 1, 'x')).toBe(false);
    expect('cause' in new CoverageReportError('COVERAGE_EMPTY', 'x', {})).toBe(false);
    expect(new ReadError('a.json', 'gone').cause).toBe('gone');
  });

  it('copies the globs it is given', () => {
    const globs = ['a/*.json'];
    const error = new NoInputsError(globs, '/r');
    globs.push('b');
    expect(error.globs).toEqual(['a/*.json']);
  });
});
