import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validator } from '@cfworker/json-schema';
import libCoverage from 'istanbul-lib-coverage';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import {
  buildCoverageJson,
  generatedAt,
  selectFiles,
  serializeCoverageJson,
  serializeDeterministic,
} from '../src/coverage-json.js';
import { COVERAGE_SCHEMA_PATH, coverageSchema } from '../src/coverage-schema.js';
import { parseTargets } from '../src/targets.js';
import { captureIo, istanbulRecord, makeWorkspace } from './fixture-workspace.js';

const RUN_INPUTS = {
  'packages/a/coverage/coverage-final.json': [{ from: 'math.unit', at: 'packages/a/src/math.js' }],
  'packages/b/coverage/coverage-final.json': [
    { from: 'math.integration', at: 'packages/a/src/math.js' },
    { from: 'strings.half', at: 'packages/b/src/strings.js' },
    { from: 'math.none', at: 'scripts/zero.js' },
  ],
};

describe('coverage-json', () => {
  describe('generatedAt', () => {
    it('honours SOURCE_DATE_EPOCH, else the clock', () => {
      const now = () => new Date(Date.UTC(2024, 0, 2));
      expect(generatedAt({ SOURCE_DATE_EPOCH: ' 86400 ' }, now)).toBe('1970-01-02T00:00:00.000Z');
      expect(generatedAt({ SOURCE_DATE_EPOCH: 'soon' }, now)).toBe('2024-01-02T00:00:00.000Z');
      expect(generatedAt({}, now)).toBe('2024-01-02T00:00:00.000Z');
    });
  });

  describe('serializeCoverageJson', () => {
    it('is the deterministic serialisation of coverage.json', () => {
      const c = built0();
      expect(serializeCoverageJson(c)).toBe(serializeDeterministic(c));
      expect(serializeCoverageJson(c).indexOf('"baseline"')).toBe(-1);
    });
  });

  describe('serializeDeterministic', () => {
    it('sorts keys at every level and keeps array order', () => {
      expect(serializeDeterministic({ b: [{ z: 1, a: 2 }], a: null })).toBe(
        '{\n  "a": null,\n  "b": [\n    {\n      "a": 2,\n      "z": 1\n    }\n  ]\n}\n',
      );
    });

    it('writes what JSON.stringify would: no undefined members, null for what JSON has not', () => {
      expect(
        serializeDeterministic({
          u: undefined,
          e: {},
          n: [NaN, 1],
          x: [{ i: Infinity, f: () => 1 }],
        }),
      ).toBe(
        '{\n  "e": {},\n  "n": [null,1],\n  "x": [\n    {\n      "f": null,\n      "i": null\n    }\n  ]\n}\n',
      );
      expect(serializeDeterministic({ only: undefined })).toBe('{}\n');
    });

    // JSON values with undefined members and non-finite numbers mixed in, as objects built in code
    // carry them.
    const loose = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constantFrom(undefined, NaN, Infinity, -0),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
      ),
    })).value;

    test.prop([loose], { seed: Number(process.env.FC_SEED ?? 31) })(
      'reads back as JSON.stringify reads back, and key order does not change a byte',
      (value) => {
        const text = serializeDeterministic(value);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value) ?? 'null'));
        const reversed = (v: unknown): unknown =>
          Array.isArray(v)
            ? v.map(reversed)
            : typeof v === 'object' && v !== null
              ? Object.fromEntries(
                  Object.entries(v)
                    .reverse()
                    .map(([k, x]) => [k, reversed(x)]),
                )
              : v;
        expect(serializeDeterministic(reversed(value))).toBe(text);
      },
    );
  });

  describe('selectFiles', () => {
    it('keeps keys outside the root as they are and filters by include/exclude', () => {
      const map = libCoverage.createCoverageMap({});
      map.addFileCoverage({
        ...(istanbulRecord('math.unit') as object),
        path: '/r/src/a.js',
      } as never);
      map.addFileCoverage({
        ...(istanbulRecord('math.unit') as object),
        path: 'other/b.js',
      } as never);
      expect(selectFiles(map, '/r')).toEqual(['other/b.js', 'src/a.js']);
      expect(selectFiles(map, '/r', ['src/**'])).toEqual(['src/a.js']);
      expect(selectFiles(map, '/r', [], ['src/**'])).toEqual(['other/b.js']);
    });
  });

  describe('buildCoverageJson', () => {
    it('compares against a baseline without gating when the targets have no baseline section', () => {
      const map = libCoverage.createCoverageMap({});
      map.addFileCoverage({ ...(istanbulRecord('math.unit') as object), path: '/r/a.js' } as never);
      const built = buildCoverageJson({
        map,
        root: '/r',
        packageOf: () => 'p',
        inputs: [],
        version: '1.0.0',
        generatedAt: 'd',
        targets: parseTargets('t', { total: { lines: 0 } }),
        baseline: { file: 'b.json', data: { files: {}, totals: { ...built0().totals } } },
      });
      expect(built.baseline?.new_files).toEqual(['a.js']);
      expect(built.targets).toEqual({ met: true, failures: [] });
      expect(built.meta.commit).toBeUndefined();
    });
  });

  describe('output', () => {
    it('is byte-identical for the same inputs, validates against the shipped schema', async () => {
      const root = makeWorkspace({ inputs: RUN_INPUTS, sources: ['packages/a/src/math.js'] });
      const targets = { files: { 'packages/**': { lines: 50 } }, total: { branches: 10 } };
      const missing = captureIo(root);
      expect(await main(['merge', '--targets', 't.json'], missing.io)).toBe(2);
      expect(missing.stderr()).toMatch(/t\.json: cannot read/);
      writeFileSync(join(root, 'coverage.targets.json'), JSON.stringify(targets));
      const outputs: string[] = [];
      for (let i = 0; i < 2; i += 1) {
        const c = captureIo(root, { GITHUB_SHA: undefined });
        expect(await main(['merge'], c.io)).toBe(0);
        outputs.push(readFileSync(join(root, 'coverage/coverage.json'), 'utf8'));
      }
      expect(outputs[1]).toBe(outputs[0]);
      const coverage = JSON.parse(outputs[0] as string);
      expect(coverage.meta.commit).toBeUndefined();
      expect(coverage.files['scripts/zero.js'].package).toBe('fx-root');
      expect(coverage.priorities.zero_coverage).toEqual([
        { path: 'scripts/zero.js', num_statements: 10 },
      ]);
      const validator = new Validator(coverageSchema(), '2020-12', false);
      const result = validator.validate(coverage);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(
        validator.validate({ ...coverage, totals: { ...coverage.totals, percent_covered: 101 } })
          .valid,
      ).toBe(false);
      expect(COVERAGE_SCHEMA_PATH.endsWith('schema/coverage.schema.json')).toBe(true);
    });
  });
});

function built0() {
  const map = libCoverage.createCoverageMap({});
  map.addFileCoverage({ ...(istanbulRecord('math.full') as object), path: '/r/a.js' } as never);
  return buildCoverageJson({
    map,
    root: '/r',
    packageOf: () => 'p',
    inputs: [],
    version: '1',
    generatedAt: 'd',
  });
}
