import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isCoverageReportError } from '../src/errors.js';
import {
  addHistoryEntry,
  appendHistory,
  emptyHistory,
  historyEntryOf,
  parseHistory,
  readHistory,
  serializeHistory,
} from '../src/history.js';
import type { HistoryEntry } from '../src/types.js';
import { makeHistory, makeSummary, sampleCoverage } from './helpers.js';

async function tempFile(name = 'history.json'): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'history-')), 'coverage', name);
}

function entry(i: number, commit?: string): HistoryEntry {
  const totals = makeSummary({ lines: [i, 100] });
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return commit === undefined
    ? { date, totals, packages: {} }
    : { date, commit, totals, packages: {} };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('history', () => {
  describe('historyEntryOf', () => {
    it('takes date, commit, totals and packages of a run', () => {
      const coverage = sampleCoverage({
        commit: 'abc123',
        generatedAt: '2026-12-01T00:00:00.000Z',
      });
      const e = historyEntryOf(coverage);
      expect(e.date).toBe('2026-12-01T00:00:00.000Z');
      expect(e.commit).toBe('abc123');
      expect(e.totals).toEqual(coverage.totals);
      expect(Object.keys(e.packages)).toEqual(['@atom/engine', '@atom/models']);
      expect(e.packages['@atom/models']).toEqual(coverage.packages['@atom/models']);
      expect('commit' in historyEntryOf(sampleCoverage())).toBe(false);
    });
  });

  describe('addHistoryEntry', () => {
    it('appends to an empty history', () => {
      const h = addHistoryEntry(emptyHistory(), entry(1));
      expect(h).toEqual({ format: 1, entries: [entry(1)] });
    });

    it('replaces the last entry when the same run is written again', () => {
      const h = addHistoryEntry(addHistoryEntry(emptyHistory(), entry(1, 'a')), entry(1, 'a'));
      expect(h.entries).toHaveLength(1);
      expect(addHistoryEntry(h, entry(1, 'b')).entries).toHaveLength(2);
    });

    it('rejects a cap that is not a positive integer', () => {
      for (const cap of [0, -1, 1.5, Number.NaN]) {
        const error = thrown(() => addHistoryEntry(emptyHistory(), entry(1), cap));
        expect(isCoverageReportError(error) && error.code).toBe('COVERAGE_USAGE');
        expect(String(error)).toContain(`received ${String(cap)}`);
      }
    });

    test.prop([fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 120 })])(
      'never exceeds the cap and keeps the newest entries in order',
      (existing, cap) => {
        let h = emptyHistory();
        for (let i = 0; i < existing; i += 1) h = addHistoryEntry(h, entry(i), 1000);
        const next = addHistoryEntry(h, entry(existing), cap);
        expect(next.entries.length).toBe(Math.min(cap, existing + 1));
        expect(next.entries.at(-1)).toEqual(entry(existing));
        const expected = Array.from({ length: existing + 1 }, (_, i) => entry(i)).slice(-cap);
        expect(next.entries).toEqual(expected);
      },
    );
  });

  describe('parseHistory', () => {
    it('round-trips a serialised history, ignoring a BOM', () => {
      const h = makeHistory(3);
      expect(parseHistory('h.json', serializeHistory(h))).toEqual(h);
      expect(parseHistory('h.json', `\uFEFF${serializeHistory(h)}`)).toEqual(h);
    });

    it('writes keys in one canonical order whatever order the file had', () => {
      const h = makeHistory(1);
      const e = h.entries[0]!;
      const shuffled = {
        entries: [
          { packages: e.packages, totals: { ...e.totals }, commit: e.commit, date: e.date },
        ],
        format: 1,
      };
      expect(serializeHistory(parseHistory('h.json', JSON.stringify(shuffled)))).toBe(
        serializeHistory(h),
      );
    });

    it.each([
      ['not JSON', '{"format": 1,\n  "entries": [}', 'COVERAGE_INVALID_JSON', 'h.json:2:'],
      ['empty', '', 'COVERAGE_INVALID_JSON', 'h.json:1:1'],
      ['an array', '[]', 'COVERAGE_INVALID_SHAPE', 'h.json at /: expected a history object'],
      [
        'another format',
        '{"format": 2, "entries": []}',
        'COVERAGE_INVALID_SHAPE',
        'at /format: expected 1, received 2',
      ],
      ['no format', '{"entries": []}', 'COVERAGE_INVALID_SHAPE', 'received nothing'],
      [
        'entries not an array',
        '{"format": 1, "entries": {}}',
        'COVERAGE_INVALID_SHAPE',
        'at /entries:',
      ],
      [
        'an entry not an object',
        '{"format": 1, "entries": [3]}',
        'COVERAGE_INVALID_SHAPE',
        'at /entries/0:',
      ],
      [
        'no date',
        '{"format": 1, "entries": [{}]}',
        'COVERAGE_INVALID_SHAPE',
        'at /entries/0/date:',
      ],
      [
        'a numeric commit',
        '{"format":1,"entries":[{"date":"d","commit":1}]}',
        'COVERAGE_INVALID_SHAPE',
        'at /entries/0/commit:',
      ],
      [
        'no totals',
        '{"format":1,"entries":[{"date":"d"}]}',
        'COVERAGE_INVALID_SHAPE',
        'at /entries/0/totals:',
      ],
    ])('rejects %s', (_, text, code, message) => {
      const error = thrown(() => parseHistory('h.json', text));
      expect(isCoverageReportError(error) && error.code).toBe(code);
      expect(String(error)).toContain(message);
    });

    it('names the bad field of a summary and of a package with a JSON pointer', () => {
      const e = makeHistory(1).entries[0]!;
      const badTotals = {
        format: 1,
        entries: [{ ...e, totals: { ...e.totals, covered_lines: '9' } }],
      };
      expect(String(thrown(() => parseHistory('h.json', JSON.stringify(badTotals))))).toContain(
        'at /entries/0/totals/covered_lines: expected a number, received "9"',
      );
      const noPackages = { format: 1, entries: [{ date: e.date, totals: e.totals }] };
      expect(String(thrown(() => parseHistory('h.json', JSON.stringify(noPackages))))).toContain(
        'at /entries/0/packages:',
      );
      const badPackage = { format: 1, entries: [{ ...e, packages: { '@a/b~c': 1 } }] };
      expect(String(thrown(() => parseHistory('h.json', JSON.stringify(badPackage))))).toContain(
        'at /entries/0/packages/@a~1b~0c: expected a coverage summary object',
      );
      const missing = {
        format: 1,
        entries: [{ ...e, totals: { ...e.totals, percent_covered: undefined } }],
      };
      expect(String(thrown(() => parseHistory('h.json', JSON.stringify(missing))))).toContain(
        'totals/percent_covered: expected a number, received nothing',
      );
    });
  });

  describe('readHistory', () => {
    it('reads a missing file as an empty history', async () => {
      expect(await readHistory(await tempFile())).toEqual(emptyHistory());
    });

    it('reports a file it cannot read', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'history-dir-'));
      await expect(readHistory(dir)).rejects.toMatchObject({ code: 'COVERAGE_READ', file: dir });
    });
  });

  describe('appendHistory', () => {
    it('creates the file, appends one entry per run, and is deterministic', async () => {
      const file = await tempFile();
      const first = await appendHistory(
        file,
        sampleCoverage({ generatedAt: '2026-12-01T00:00:00.000Z' }),
      );
      expect(first.entries).toHaveLength(1);
      const second = await appendHistory(
        file,
        sampleCoverage({ generatedAt: '2026-12-02T00:00:00.000Z' }),
      );
      expect(second.entries.map((e) => e.date)).toEqual([
        '2026-12-01T00:00:00.000Z',
        '2026-12-02T00:00:00.000Z',
      ]);
      const text = await readFile(file, 'utf8');
      expect(text).toBe(serializeHistory(second));
      expect(await readHistory(file)).toEqual(second);
      // no temporary file is left next to it
      expect(await readdir(join(file, '..'))).toEqual(['history.json']);
    });

    it('keeps only the newest `cap` entries', async () => {
      const file = await tempFile();
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, serializeHistory(makeHistory(5)));
      const h = await appendHistory(
        file,
        sampleCoverage({ generatedAt: '2027-01-01T00:00:00.000Z' }),
        { cap: 3 },
      );
      expect(h.entries.map((e) => e.date.slice(0, 10))).toEqual([
        '2026-01-04',
        '2026-01-05',
        '2027-01-01',
      ]);
    });

    it('leaves a malformed history untouched and throws', async () => {
      const file = await tempFile();
      await appendHistory(file, sampleCoverage());
      await writeFile(file, '{"format": 7}');
      await expect(appendHistory(file, sampleCoverage())).rejects.toMatchObject({
        code: 'COVERAGE_INVALID_SHAPE',
        pointer: '/format',
      });
      expect(await readFile(file, 'utf8')).toBe('{"format": 7}');
    });

    it('validates the cap before reading anything', async () => {
      await expect(
        appendHistory('/nonexistent/dir/h.json', sampleCoverage(), { cap: 0 }),
      ).rejects.toMatchObject({
        code: 'COVERAGE_USAGE',
      });
    });
  });
});
