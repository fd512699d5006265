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
  RuleMatchesNothingError,
  UnknownPackageError,
  UsageError,
} from '../src/errors.js';

/** What a user (or the CLI's `--json`) sees of an error. */
function visible(e: CoverageReportError): [string, string, string | undefined, string] {
  return [e.name, e.code, e.file, e.message];
}

describe('error classes: name, code, file and message', () => {
  it('CoverageReportError and UsageError', () => {
    expect(visible(new CoverageReportError('COVERAGE_EMPTY', 'm', { file: 'f' }))).toEqual([
      'CoverageReportError',
      'COVERAGE_EMPTY',
      'f',
      'm',
    ]);
    expect(visible(new UsageError('bad flag'))).toEqual([
      'UsageError',
      'COVERAGE_USAGE',
      undefined,
      'bad flag',
    ]);
  });

  it('InvalidJsonError and DuplicateKeyError', () => {
    const json = new InvalidJsonError('a.json', 2, 3, 'oops');
    expect(visible(json)).toEqual([
      'InvalidJsonError',
      'COVERAGE_INVALID_JSON',
      'a.json',
      'a.json:2:3: invalid JSON: oops',
    ]);
    const dup = new DuplicateKeyError('d.json', '/x/y', 4, 5);
    expect(visible(dup)).toEqual([
      'DuplicateKeyError',
      'COVERAGE_DUPLICATE_KEY',
      'd.json',
      'd.json at /x/y (4:5): duplicate key in one object (JSON.parse would keep only the last value)',
    ]);
    expect([dup.pointer, dup.line, dup.column]).toEqual(['/x/y', 4, 5]);
  });

  it('InvalidShapeError', () => {
    const e = new InvalidShapeError('s.json', '', 'expected x');
    expect(visible(e)).toEqual([
      'InvalidShapeError',
      'COVERAGE_INVALID_SHAPE',
      's.json',
      's.json at /: expected x',
    ]);
    expect(e.pointer).toBe('');
  });

  it('NotMergedError without istanbul reporters names the command', () => {
    expect(visible(new NotMergedError('coverage/coverage.json', 'check'))).toEqual([
      'NotMergedError',
      'COVERAGE_NOT_MERGED',
      'coverage/coverage.json',
      'coverage/coverage.json not found: run `atom-coverage merge` first (check reads what merge writes)',
    ]);
    expect(new NotMergedError('c.json', 'report', ['summary', 'badge']).message).toBe(
      'c.json not found: run `atom-coverage merge` first (report reads what merge writes)',
    );
  });

  it('NotMergedError names only the reporters that need the istanbul map, in order', () => {
    const e = new NotMergedError('m.json', 'report', ['summary', 'cobertura', 'json', 'html']);
    expect(visible(e)).toEqual([
      'NotMergedError',
      'COVERAGE_NOT_MERGED',
      'm.json',
      'm.json not found: the cobertura, json, html reporter needs the merged istanbul map; run `atom-coverage merge --reporter json` first, or `atom-coverage run --reporter cobertura`',
    ]);
    expect(new NotMergedError('m.json', 'report', ['badge', 'lcov']).message).toBe(
      'm.json not found: the lcov reporter needs the merged istanbul map; run `atom-coverage merge --reporter json` first, or `atom-coverage run --reporter lcov`',
    );
    expect(new NotMergedError('m.json', 'report', ['json']).message).toContain(
      'the json reporter needs',
    );
    expect(new NotMergedError('m.json', 'report', ['html']).message).toContain(
      'or `atom-coverage run --reporter html`',
    );
  });

  it('NoInputsError and EmptyCoverageError', () => {
    const none = new NoInputsError(['a/**', 'b/**'], '/r');
    expect(visible(none)).toEqual([
      'NoInputsError',
      'COVERAGE_NO_INPUTS',
      undefined,
      'no coverage inputs found under /r (tried a/**, b/**)',
    ]);
    expect(none.globs).toEqual(['a/**', 'b/**']);
    expect(visible(new EmptyCoverageError('e.json', 'nothing left'))).toEqual([
      'EmptyCoverageError',
      'COVERAGE_EMPTY',
      'e.json',
      'e.json: nothing left',
    ]);
  });

  it('PathOutsideRootError and InstrumentationMismatchError', () => {
    const outside = new PathOutsideRootError('i.json', '/k/path', '/else/x.js', '/root');
    expect(visible(outside)).toEqual([
      'PathOutsideRootError',
      'COVERAGE_PATH_OUTSIDE_ROOT',
      'i.json',
      'i.json at /k/path: source path "/else/x.js" cannot be placed under the root /root',
    ]);
    expect([outside.path, outside.pointer]).toEqual(['/else/x.js', '/k/path']);
    const mismatch = new InstrumentationMismatchError('src/a.js', 'one.json', 'two.json', 'why');
    expect(visible(mismatch)).toEqual([
      'InstrumentationMismatchError',
      'COVERAGE_MISMATCH',
      'two.json',
      'two.json at /src~1a.js: src/a.js was instrumented differently than in one.json (why); pass --allow-mismatch to merge anyway',
    ]);
    expect(mismatch.inputs).toEqual(['one.json', 'two.json']);
  });

  it('InvalidTargetsError, UnknownPackageError and RuleMatchesNothingError', () => {
    expect(visible(new InvalidTargetsError('t.json', '/total', 'bad'))).toEqual([
      'InvalidTargetsError',
      'COVERAGE_INVALID_TARGETS',
      't.json',
      't.json at /total: bad',
    ]);
    const unknown = new UnknownPackageError('t.json', '/packages/@x~1y', '@x/y', ['@a/b', '@c/d']);
    expect(visible(unknown)).toEqual([
      'UnknownPackageError',
      'COVERAGE_UNKNOWN_PACKAGE',
      't.json',
      't.json at /packages/@x~1y: unknown package "@x/y" (known: @a/b, @c/d)',
    ]);
    expect(unknown.packageName).toBe('@x/y');
    expect(new UnknownPackageError('t.json', '/p', 'q', []).message).toBe(
      't.json at /p: unknown package "q" (known: none)',
    );
    const rule = new RuleMatchesNothingError('t.json', '/files/src~1**', 'src/**');
    expect(visible(rule)).toEqual([
      'RuleMatchesNothingError',
      'COVERAGE_RULE_MATCHES_NOTHING',
      't.json',
      't.json at /files/src~1**: rule "src/**" matches no file',
    ]);
    expect([rule.pointer, rule.rule]).toEqual(['/files/src~1**', 'src/**']);
  });
});
