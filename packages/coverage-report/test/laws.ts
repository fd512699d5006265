// Shared arbitraries for the property tests: REAL istanbul records (test/fixtures/istanbul) with
// random hit counts, placed at random repo-relative paths.
import fc from 'fast-check';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { istanbulRecord } from './fixture-workspace.js';

const TEMPLATES = ['math.full', 'strings.full'].map(
  (n) => istanbulRecord(n) as unknown as FileCoverageData,
);

/** A record of one real instrumentation with random hits (template index picks the source). */
export function recordArb(template: number, path: string): fc.Arbitrary<FileCoverageData> {
  const base = TEMPLATES[template % TEMPLATES.length] as FileCoverageData;
  const hit = fc.nat({ max: 4 });
  return fc
    .record({
      s: fc.array(hit, {
        minLength: Object.keys(base.s).length,
        maxLength: Object.keys(base.s).length,
      }),
      f: fc.array(hit, {
        minLength: Object.keys(base.f).length,
        maxLength: Object.keys(base.f).length,
      }),
      b: fc.tuple(
        ...Object.values(base.b).map((arms) =>
          fc.array(hit, { minLength: arms.length, maxLength: arms.length }),
        ),
      ),
    })
    .map(({ s, f, b }) => ({
      ...structuredClone(base),
      path,
      s: Object.fromEntries(Object.keys(base.s).map((k, i) => [k, s[i] as number])),
      f: Object.fromEntries(Object.keys(base.f).map((k, i) => [k, f[i] as number])),
      b: Object.fromEntries(Object.keys(base.b).map((k, i) => [k, b[i] as number[]])),
    }));
}

/** A normal repo-relative POSIX path: 1–4 segments of safe characters ending in `.ts`. */
export const normalPathArb: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { minLength: 1, maxLength: 4 })
  .map((segments) => `${segments.join('/')}.ts`);

/** 1–6 files: distinct paths, each with a template and random hits. */
export const filesArb: fc.Arbitrary<FileCoverageData[]> = fc
  .uniqueArray(fc.tuple(normalPathArb, fc.nat({ max: 1 })), {
    minLength: 1,
    maxLength: 6,
    selector: ([p]) => p,
  })
  .chain((entries) => fc.tuple(...entries.map(([path, t]) => recordArb(t, path))));
