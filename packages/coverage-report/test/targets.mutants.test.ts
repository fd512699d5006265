// targets.ts refusals a mutation run found unasserted (a numeric string where a number belongs, a
// non-string glob, a reporters value that is not an array, an unknown reporter) and a threshold of
// 0, which is a percentage (always met), not a maximum uncovered count.
import { describe, expect, it } from 'vitest';
import { InvalidTargetsError } from '../src/errors.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';
import { checkThresholds, parseTargets } from '../src/targets.js';

function refusal(value: unknown): InvalidTargetsError {
  try {
    parseTargets('t.json', value);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTargetsError);
    return error as InvalidTargetsError;
  }
  throw new Error('accepted');
}

describe('parseTargets refuses', () => {
  it.each([
    ['a threshold given as a numeric string', { total: { lines: '90' } }, '/total/lines'],
    ['a threshold of Infinity', { total: { lines: Number.POSITIVE_INFINITY } }, '/total/lines'],
    ['a glob that is not a string', { include: [5] }, '/include'],
    [
      'a maxDrop given as a numeric string',
      { baseline: { file: 'b', maxDrop: '1' } },
      '/baseline/maxDrop',
    ],
    ['reporters given as one string', { reporters: 'html' }, '/reporters'],
    ['an unknown reporter', { reporters: ['html', 'pdf'] }, '/reporters/1'],
    ['a reporter that is not a string', { reporters: [7] }, '/reporters/0'],
  ])('%s', (_what, value, pointer) => {
    expect(refusal(value).pointer).toBe(pointer);
  });

  it('says what it received', () => {
    expect(refusal({ total: { lines: '90' } }).message).toContain(
      'expected a number, received "90"',
    );
    expect(refusal({ reporters: 'html' }).message).toContain(
      'expected an array of reporter names, received "html"',
    );
  });
});

describe('a threshold of 0', () => {
  it('is a percentage, met whatever is uncovered', () => {
    const summary = summaryOf({ ...ZERO_COUNTS, num_lines: 10, covered_lines: 3 });
    expect(checkThresholds(summary, { lines: 0 }, 'total', 'total', 'total')).toEqual([]);
    expect(checkThresholds(summary, { lines: -6 }, 'total', 'total', 'total')).toHaveLength(1);
  });
});
