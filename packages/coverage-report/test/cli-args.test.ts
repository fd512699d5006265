import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli-args.js';
import { UsageError } from '../src/errors.js';

describe('parseArgs', () => {
  it('defaults to run with no flags', () => {
    expect(parseArgs([])).toMatchObject({
      command: 'run',
      input: [],
      json: false,
      updateBaseline: false,
    });
  });
  it('reads every flag, both --flag value and --flag=value', () => {
    const o = parseArgs([
      'check',
      '--root',
      'r',
      '--input',
      'a.json',
      'b/*.json',
      '--include=src/**',
      '--exclude',
      'x',
      '--targets=t.json',
      '--baseline',
      'b.json',
      '--history',
      'h.json',
      '--out',
      'o',
      '--update-baseline',
      '--allow-mismatch',
      '--json',
      '-h',
      '-v',
      '--reporter',
      'lcov',
      '--reporter=summary',
      '--reporter',
      'lcov',
    ]);
    expect(o).toEqual({
      command: 'check',
      root: 'r',
      input: ['a.json', 'b/*.json'],
      reporter: ['lcov', 'summary'],
      include: ['src/**'],
      exclude: ['x'],
      targets: 't.json',
      baseline: 'b.json',
      history: 'h.json',
      out: 'o',
      updateBaseline: true,
      allowMismatch: true,
      json: true,
      help: true,
      version: true,
    });
  });
  it('stops a glob list at a command', () => {
    expect(parseArgs(['--input', 'a', 'merge'])).toMatchObject({ command: 'merge', input: ['a'] });
  });
  it.each([
    [
      ['--reporter'],
      '--reporter expects one of summary, badge, dashboard, json, lcov, cobertura, html, received nothing',
    ],
    [['--json=1'], '--json takes no value'],
    [['--out'], '--out expects a value'],
    [['--out', '--json'], '--out expects a value'],
    [['--out='], '--out expects a value'],
    [['--input'], '--input expects at least one glob'],
    [['--input='], '--input expects a glob'],
    [['run', 'merge'], 'unexpected argument "merge"'],
    [['--wat'], 'unknown option --wat'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
