// History-file details a mutation run found unasserted: the exact messages and pointers of each
// refusal, the line and column of a syntax error past position 9, infinite numbers, a byte-order
// mark only at the start, packages written in name order, no `commit` key without a commit.
import { describe, expect, it } from 'vitest';
import { InvalidJsonError, InvalidShapeError } from '../src/errors.js';
import { historyEntryOf, parseHistory, serializeHistory } from '../src/history.js';
import { makeCoverage, makeSummary } from './helpers.js';

const SUMMARY = JSON.stringify(makeSummary({ lines: [1, 2] }));

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}

const history = (entry: string): string => `{"format": 1, "entries": [${entry}]}`;

describe('parseHistory refusals', () => {
  it.each([
    ['[]', '', 'expected a history object'],
    ['{"format": 1}', '/entries', 'expected an array'],
    [history('3'), '/entries/0', 'expected a history entry object'],
    [history('{"date": 5}'), '/entries/0/date', 'expected an ISO 8601 date string'],
    [history('{"date": "d", "commit": 7}'), '/entries/0/commit', 'expected a string'],
    [
      history(`{"date": "d", "totals": ${SUMMARY}, "packages": []}`),
      '/entries/0/packages',
      'expected an object of package summaries',
    ],
  ])('%s is refused at %s', (text, pointer, detail) => {
    const error = thrown(() => parseHistory('h.json', text));
    expect(error).toBeInstanceOf(InvalidShapeError);
    expect((error as InvalidShapeError).pointer).toBe(pointer);
    expect(error.message).toBe(`h.json at ${pointer || '/'}: ${detail}`);
  });

  it('refuses a summary field that is not a number, or infinite', () => {
    const withLines = (value: string) =>
      history(
        `{"date": "d", "totals": ${SUMMARY.replace('"num_lines":2', `"num_lines":${value}`)}, "packages": {}}`,
      );
    expect(SUMMARY).toContain('"num_lines":2');
    for (const [value, shown] of [
      ['"2"', '"2"'],
      ['1e999', 'null'],
    ] as const) {
      const error = thrown(() => parseHistory('h.json', withLines(value)));
      expect(error).toBeInstanceOf(InvalidShapeError);
      expect(error.message).toBe(
        `h.json at /entries/0/totals/num_lines: expected a number, received ${shown}`,
      );
    }
  });

  it('places a syntax error past position 9 at its line and column', () => {
    const error = thrown(() => parseHistory('h.json', '{\n  "format": 1,\n  "entries": [1 2]\n}'));
    expect(error).toBeInstanceOf(InvalidJsonError);
    expect([(error as InvalidJsonError).line, (error as InvalidJsonError).column]).toEqual([3, 17]);
  });
});

describe('parseHistory reading', () => {
  it('strips a byte-order mark only at the start of the file', () => {
    const text = `\uFEFF${history(`{"date": "d", "commit": "a\uFEFFb", "totals": ${SUMMARY}, "packages": {}}`)}`;
    expect(parseHistory('h.json', text).entries[0]?.commit).toBe('a\uFEFFb');
  });

  it('reads packages in name order and leaves commit out when absent', () => {
    const text = history(
      `{"date": "d", "totals": ${SUMMARY}, "packages": {"zeta": ${SUMMARY}, "alpha": ${SUMMARY}}}`,
    );
    const [entry] = parseHistory('h.json', text).entries;
    expect(Object.keys(entry?.packages ?? {})).toEqual(['alpha', 'zeta']);
    expect(Object.keys(entry ?? {})).toEqual(['date', 'totals', 'packages']);
  });
});

describe('historyEntryOf', () => {
  const coverage = makeCoverage([
    { path: 'z/a.ts', package: 'zeta', lines: [1, 2] },
    { path: 'a/b.ts', package: 'alpha', lines: [2, 2] },
  ]);

  it('writes packages in name order', () => {
    const reversed = {
      ...coverage,
      packages: { zeta: coverage.packages.zeta!, alpha: coverage.packages.alpha! },
    };
    const entry = historyEntryOf(reversed);
    expect(Object.keys(entry.packages)).toEqual(['alpha', 'zeta']);
    expect(serializeHistory({ format: 1, entries: [entry] }).indexOf('"alpha"')).toBeLessThan(
      serializeHistory({ format: 1, entries: [entry] }).indexOf('"zeta"'),
    );
  });

  it('has no commit key when the run has no commit', () => {
    const { commit: _dropped, ...meta } = coverage.meta;
    expect(Object.keys(historyEntryOf({ ...coverage, meta }))).toEqual([
      'date',
      'totals',
      'packages',
    ]);
  });
});
