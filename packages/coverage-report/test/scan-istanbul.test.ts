// The direct reader of istanbul bytes (scan-istanbul.ts) against the full path it short-cuts:
// JSON.parse + the duplicate-key check + validation + compactFile. For every input it either gives
// up (the CLI then takes the full path) or returns exactly the full path's records; it never accepts
// what the full path refuses; and on istanbul's own layout it does not give up.
import { fc, test } from '@fast-check/vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompactRecord } from '../src/compact-coverage.js';
import { compactRecords } from '../src/compact-coverage.js';
import { parseJsonText } from '../src/json-text.js';
import { validateCoverageData } from '../src/read-coverage.js';
import { scanIstanbulJson } from '../src/scan-istanbul.js';

const SEED = { seed: Number(process.env.FC_SEED ?? 31) };

/** The full path: the records, or the error it throws. */
function full(bytes: Buffer): CompactRecord[] | Error {
  try {
    return compactRecords(
      validateCoverageData('in.json', parseJsonText('in.json', bytes.toString('utf8'))),
    );
  } catch (error) {
    return error as Error;
  }
}

/** The scanner gives up, or agrees with the full path; never accepts what it refuses. */
function expectAgrees(bytes: Buffer): CompactRecord[] | undefined {
  const scanned = scanIstanbulJson(bytes);
  const expected = full(bytes);
  if (expected instanceof Error) expect(scanned).toBeUndefined();
  else if (scanned !== undefined) expect(scanned).toEqual(expected);
  return scanned;
}

const line = fc.nat({ max: 400 });
const column = fc.oneof({ weight: 6, arbitrary: fc.nat({ max: 120 }) }, fc.constant(null));
const position = fc.record({ line, column });
const range = fc.record({ start: position, end: position });
const implicitArm = fc.constant({ start: {}, end: {} });
const hit = fc.oneof(
  { weight: 8, arbitrary: fc.nat({ max: 20 }) },
  fc.constantFrom(0, 2 ** 53 - 1, 123_456_789_012_345),
);
/** A string as paths and function names come: ASCII, unicode, quotes and backslashes. */
const text = fc.oneof(
  fc.constantFrom(
    'src/a.ts',
    'C:\\work\\a.ts',
    'src/ünï/çödé.ts',
    'a "quoted" name',
    '(anonymous_0)',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }),
);
/** Members a reader skips: any JSON value (source maps, hashes, numbers of every form). */
const extraOf = (...keys: string[]) =>
  fc.dictionary(
    fc.constantFrom(...keys),
    fc.oneof(
      fc.constant({ version: 3, mappings: ';AAAA', names: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    { maxKeys: 2 },
  );
const extra = extraOf('hash', '_coverageSchema', 'inputSourceMap', 'contentHash', 'x', 'pats');

/** A file record as istanbul, vitest's providers and nyc write one, with the options they use. */
const recordArb = fc
  .record({
    path: text,
    statements: fc.array(fc.record({ loc: range, hit }), { maxLength: 6 }),
    fns: fc.array(
      fc.record(
        { name: text, decl: range, loc: range, line, hit, more: extraOf('skip', 'lone', 'x') },
        { requiredKeys: ['name', 'loc', 'hit', 'more'] },
      ),
      { maxLength: 4 },
    ),
    branches: fc.array(
      fc.record(
        {
          loc: range,
          type: fc.constantFrom('if', 'cond-expr', 'binary-expr', 'default-arg', 'switch'),
          line: fc.oneof(line, fc.constant(null)),
          more: extraOf('skip', 'lone', 'x'),
          arms: fc.array(
            fc.record({ loc: fc.oneof({ weight: 4, arbitrary: range }, implicitArm), hit }),
            {
              maxLength: 3,
            },
          ),
        },
        { requiredKeys: ['arms', 'more'] },
      ),
      { maxLength: 4 },
    ),
    all: fc.option(fc.oneof({ weight: 4, arbitrary: fc.boolean() }, fc.constant('yes')), {
      nil: undefined,
    }),
    extra,
  })
  .map((r) => {
    const record: Record<string, unknown> = {
      path: r.path,
      statementMap: Object.fromEntries(r.statements.map((s, i) => [String(i), s.loc])),
      fnMap: Object.fromEntries(
        r.fns.map(({ hit: _hit, more, ...fn }, i) => [String(i), { ...fn, ...more }]),
      ),
      branchMap: Object.fromEntries(
        r.branches.map(({ arms, more, ...b }, i) => [
          String(i),
          { ...b, ...more, locations: arms.map((a) => a.loc) },
        ]),
      ),
      s: Object.fromEntries(r.statements.map((s, i) => [String(i), s.hit])),
      f: Object.fromEntries(r.fns.map((fn, i) => [String(i), fn.hit])),
      b: Object.fromEntries(r.branches.map((b, i) => [String(i), b.arms.map((a) => a.hit)])),
      ...r.extra,
    };
    if (r.all !== undefined) record.all = r.all;
    return record;
  });

/** Reorders an object's keys (recursively), as other writers may. */
function shuffled(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, order));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, shuffled(v, order)] as const);
  const turn = order[entries.length % order.length] ?? 0;
  return Object.fromEntries([
    ...entries.slice(turn % Math.max(1, entries.length)),
    ...entries.slice(0, turn % Math.max(1, entries.length)),
  ]);
}

const inputArb = fc
  .record({
    records: fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), recordArb), {
      minLength: 1,
      maxLength: 4,
      selector: ([key]) => key,
    }),
    indent: fc.constantFrom(0, 2, '\t'),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    reorder: fc.option(fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 4 }), {
      nil: undefined,
    }),
  })
  .map(({ records, indent, crlf, bom, reorder }) => {
    let value: unknown = Object.fromEntries(records.map(([key, r]) => [`/r/${key}`, r]));
    if (reorder !== undefined) value = shuffled(value, reorder);
    // A newline outside strings is whitespace (JSON escapes those inside): CRLF as Windows writes it.
    let json = JSON.stringify(value, null, indent);
    if (crlf) json = json.replaceAll('\n', '\r\n');
    return Buffer.from((bom ? '\ufeff' : '') + json, 'utf8');
  });

describe('scanIstanbulJson', () => {
  test.prop([inputArb], { ...SEED, numRuns: 300 })(
    'returns the full path’s records, or gives up; on istanbul’s own layout it never gives up',
    (bytes) => {
      // Key order inside records, entries and locations is free (the maps' integer ids stay in order
      // in any JS object), and so is whitespace.
      expect(expectAgrees(bytes)).toBeDefined();
    },
  );

  /** One edit of the text: a character deleted, inserted or replaced. */
  const editArb = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    kind: fc.constantFrom('delete', 'insert', 'replace'),
    char: fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '0',
      '1',
      '9',
      '-',
      '.',
      'e',
      'n',
      't',
      ' ',
      'x',
    ),
  });

  test.prop([inputArb, fc.array(editArb, { minLength: 1, maxLength: 3 })], {
    ...SEED,
    numRuns: 400,
  })(
    'an edited input is never accepted unless the full path accepts it, and then with its records',
    (bytes, edits) => {
      let text = bytes.toString('utf8');
      for (const { at, kind, char } of edits) {
        const i = Math.floor(at * text.length);
        if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
        else if (kind === 'insert') text = text.slice(0, i) + char + text.slice(i);
        else text = text.slice(0, i) + char + text.slice(i + 1);
      }
      expectAgrees(Buffer.from(text, 'utf8'));
    },
  );

  it('reads members of every JSON kind it skips, and `all` wherever it stands', () => {
    const skipped =
      ',"hash":"x","n":-1.5e+3,"m":2E-2,"z":0,"yes":true,"no":false,"nil":null,"a":[1,[],{}],"o":{"k":[true]}';
    for (const [extra, all] of [
      [`${skipped},"all":false`, false],
      [`,"all":true${skipped}`, true],
      [',"all":"yes"', false],
    ] as const) {
      const scanned = expectAgrees(Buffer.from(record(extra), 'utf8'));
      expect(scanned?.[0]?.compact.all).toBe(all);
    }
  });

  it('reads the real istanbul fixtures, as the full path does', () => {
    const dir = join(import.meta.dirname, 'fixtures/istanbul');
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, name));
      expect(expectAgrees(bytes), name).toBeDefined();
    }
  });

  const record = (extra: string) =>
    `{"/r/a.ts":{"path":"/r/a.ts","statementMap":{"0":{"start":{"line":1,"column":0},"end":{"line":1,"column":9}}},"fnMap":{},"branchMap":{},"s":{"0":1},"f":{},"b":{}${extra}}}`;

  it.each([
    ['a repeated key in a skipped value', ',"inputSourceMap":{"a":1,"a":2}'],
    ['a repeated key of the record', ',"hash":"x","hash":"y"'],
    ['a repeated map', ',"s":{"0":2}'],
    [
      'a hit count at 2^53',
      '',
      (t: string) => t.replace('"s":{"0":1}', '"s":{"0":9007199254740992}'),
    ],
    ['a fractional hit count', '', (t: string) => t.replace('"s":{"0":1}', '"s":{"0":1.5}')],
    ['a negative line', '', (t: string) => t.replace('"line":1,', '"line":-1,')],
    ['a missing column', '', (t: string) => t.replace('"line":1,"column":0}', '"line":1}')],
    ['trailing text', '', (t: string) => `${t} x`],
    ['a missing hit count', '', (t: string) => t.replace('"s":{"0":1}', '"s":{}')],
    ['a truncated file', '', (t: string) => t.slice(0, 8)],
    ['a record without path', '', (t: string) => t.replace('"path":"/r/a.ts",', '')],
    ['an empty path', '', (t: string) => t.replace('"path":"/r/a.ts"', '"path":""')],
    [
      'a record without statements at all',
      '',
      (t: string) => t.replace(/"statementMap":\{.*?\}\}\},/, '').replace(',"s":{"0":1}', ''),
    ],
    ['a missing line', '', (t: string) => t.replace('"line":1,"column":0}', '"column":0}')],
    [
      'a repeated line',
      '',
      (t: string) => t.replace('"line":1,"column":0}', '"line":1,"line":2,"column":0}'),
    ],
    [
      'a repeated start before the end',
      '',
      (t: string) =>
        t.replace(
          '"start":{"line":1,"column":0}',
          '"start":{"line":1,"column":0},"start":{"line":1,"column":0}',
        ),
    ],
    ['a location without end', '', (t: string) => t.replace(',"end":{"line":1,"column":9}', '')],
    [
      'an implicit arm as a statement location',
      '',
      (t: string) =>
        t.replace(
          '{"start":{"line":1,"column":0},"end":{"line":1,"column":9}}',
          '{"start":{},"end":{}}',
        ),
    ],
    [
      'an arm with one empty end',
      '',
      (t: string) =>
        t
          .replace(
            '"branchMap":{}',
            '"branchMap":{"0":{"locations":[{"start":{},"end":{"line":1,"column":1}}]}}',
          )
          .replace('"b":{}', '"b":{"0":[1]}'),
    ],
    [
      'an arm with one empty start',
      '',
      (t: string) =>
        t
          .replace(
            '"branchMap":{}',
            '"branchMap":{"0":{"locations":[{"start":{"line":1,"column":1},"end":{}}]}}',
          )
          .replace('"b":{}', '"b":{"0":[1]}'),
    ],
    [
      'arm hits that do not match the arms',
      '',
      (t: string) =>
        t
          .replace('"branchMap":{}', '"branchMap":{"0":{"locations":[{"start":{},"end":{}}]}}')
          .replace('"b":{}', '"b":{"0":[1,2]}'),
    ],
    [
      'a function without a hit count',
      '',
      (t: string) =>
        t.replace(
          '"fnMap":{}',
          '"fnMap":{"0":{"name":"a","loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":1}}}}',
        ),
    ],
    [
      'a branch without a hit list',
      '',
      (t: string) => t.replace('"branchMap":{}', '"branchMap":{"0":{"locations":[]}}'),
    ],
    [
      'a control character in a string',
      '',
      (t: string) => t.replace('"path":"/r/a.ts"', '"path":"/r/a\u0001.ts"'),
    ],
    ['an invalid escape', '', (t: string) => t.replace('"path":"/r/a.ts"', '"path":"/r/a\\x"')],
    ['an invalid escape in a key', ',"h\\x":1'],
    ['a leading zero', '', (t: string) => t.replace('"line":1,', '"line":01,')],
    ['a misspelt null', '', (t: string) => t.replace('"column":0}', '"column":nul}')],
    [
      'an empty position',
      '',
      (t: string) => t.replace('"start":{"line":1,"column":0}', '"start":{}'),
    ],
    ['a location that is a number', '', (t: string) => t.replace(/"0":\{"start".*?\}\}/, '"0":5')],
    ['a repeated start', '', (t: string) => t.replace('"end":', '"start":')],
    ['a known key spelt with an escape, twice', ',"pat\\u0068":"/r/b.ts"'],
    [
      'a function entry that is not an object',
      '',
      (t: string) => t.replace('"fnMap":{}', '"fnMap":{"0":1}').replace('"f":{}', '"f":{"0":1}'),
    ],
    [
      'a repeated function name',
      '',
      (t: string) =>
        t
          .replace(
            '"fnMap":{}',
            '"fnMap":{"0":{"name":"a","name":"b","loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":1}}}}',
          )
          .replace('"f":{}', '"f":{"0":1}'),
    ],
    [
      'a branch entry that is not an object',
      '',
      (t: string) =>
        t.replace('"branchMap":{}', '"branchMap":{"0":[]}').replace('"b":{}', '"b":{"0":[]}'),
    ],
    [
      'a branch without locations',
      '',
      (t: string) =>
        t
          .replace('"branchMap":{}', '"branchMap":{"0":{"type":"if"}}')
          .replace('"b":{}', '"b":{"0":[]}'),
    ],
    [
      'a repeated branch type',
      '',
      (t: string) =>
        t
          .replace('"branchMap":{}', '"branchMap":{"0":{"type":"if","type":"if","locations":[]}}')
          .replace('"b":{}', '"b":{"0":[]}'),
    ],
  ])('refuses %s with the full path', (_name, extra, edit = (t: string) => t) => {
    const bytes = Buffer.from(edit(record(extra)), 'utf8');
    expect(full(bytes)).toBeInstanceOf(Error);
    expect(scanIstanbulJson(bytes)).toBeUndefined();
  });

  it.each([
    [
      'ids out of order',
      (t: string) =>
        t.replace('"statementMap":{"0"', '"statementMap":{"1"').replace('"s":{"0"', '"s":{"1"'),
    ],
    ['a hit count written 1e0', (t: string) => t.replace('"s":{"0":1}', '"s":{"0":1e0}')],
    ['an integer-like file key', (t: string) => t.replace('{"/r/a.ts":', '{"12":')],
    ['extra keys in a position', (t: string) => t.replace('"column":0}', '"column":0,"x":1}')],
  ])('gives up on valid input of another layout (%s); the full path reads it', (_name, edit) => {
    const bytes = Buffer.from(edit(record('')), 'utf8');
    expect(full(bytes)).not.toBeInstanceOf(Error);
    expect(scanIstanbulJson(bytes)).toBeUndefined();
  });
});
