// writeReports / writeIstanbulReports details a mutation run found unasserted: each istanbul
// report is written only when chosen, coverage-merged.json only for `json` (files of coverage.json
// only, in path order), istanbul's page for a file without statements, the dashboard's source
// excerpts read from the workspace.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { writeIstanbulReports } from '../../src/report/istanbul-reports.js';
import { writeReports } from '../../src/report/write-reports.js';
import type { ReportContext } from '../../src/types.js';
import { makeCoverage, makeHistory, sampleCoverageMap, sampleFileCoverage } from '../helpers.js';

const PATHS = ['packages/b/src/two.ts', 'packages/a/src/one.ts'];

async function context(extra: readonly string[] = []): Promise<ReportContext> {
  const root = await mkdtemp(join(tmpdir(), 'write-reports-m-'));
  const map = sampleCoverageMap(root, [...PATHS, ...extra]);
  const coverage = makeCoverage(
    PATHS.map((path) => ({ path, package: path.split('/')[1]!, lines: [2, 4] as const })),
  );
  return { coverage, map, history: makeHistory(1), outDir: join(root, 'coverage'), root };
}

describe('writeReports', () => {
  it('writes lcov alone when only lcov is chosen', async () => {
    const ctx = await context();
    const o = ctx.outDir;
    expect(await writeReports(ctx, { env: {}, reporters: ['lcov'] })).toEqual([
      join(o, 'lcov.info'),
    ]);
    for (const f of ['coverage-merged.json', 'cobertura.xml', 'dashboard']) {
      expect(existsSync(join(o, f)), f).toBe(false);
    }
  });

  it('merges only the files of coverage.json, in path order', async () => {
    const ctx = await context(['packages/c/src/not-selected.ts']);
    const [file] = await writeReports(ctx, { env: {}, reporters: ['json'] });
    const merged = JSON.parse(await readFile(file!, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual([...PATHS].sort());
  });

  it("shows the uncovered lines' source, read from the workspace, in the dashboard", async () => {
    const ctx = await context();
    await writeReports(ctx, { env: {}, reporters: ['dashboard'] });
    const html = await readFile(join(ctx.outDir, 'dashboard', 'index.html'), 'utf8');
    expect(html).toContain('export function covered(a: number): number {');
  });
});

describe('writeIstanbulReports', () => {
  it('writes only the chosen reports', async () => {
    const ctx = await context();
    const htmlDir = join(ctx.outDir, 'html');
    const options = { root: ctx.root, outDir: ctx.outDir, htmlDir };
    const onlyHtml = await writeIstanbulReports(ctx.map!, {
      ...options,
      reports: { lcov: false, cobertura: false },
    });
    expect(onlyHtml.written).toEqual([join(htmlDir, 'index.html')]);
    expect(existsSync(join(ctx.outDir, 'lcov.info'))).toBe(false);
    expect(existsSync(join(ctx.outDir, 'cobertura.xml'))).toBe(false);

    const onlyCobertura = await writeIstanbulReports(ctx.map!, {
      ...options,
      htmlDir: join(ctx.outDir, 'html2'),
      reports: { lcov: false, html: false },
    });
    expect(onlyCobertura.written).toEqual([join(ctx.outDir, 'cobertura.xml')]);
    expect(onlyCobertura.fileLinks).toEqual({});
    expect(existsSync(join(ctx.outDir, 'html2'))).toBe(false);
  });

  it('gives a file without statements its own page', async () => {
    const root = await mkdtemp(join(tmpdir(), 'istanbul-empty-'));
    const map = libCoverage.createCoverageMap({});
    map.addFileCoverage(sampleFileCoverage(join(root, 'src/full.ts')));
    map.addFileCoverage({
      path: join(root, 'src/empty.ts'),
      statementMap: {},
      s: {},
      fnMap: {},
      f: {},
      branchMap: {},
      b: {},
    });
    const outDir = join(root, 'coverage');
    const result = await writeIstanbulReports(map, {
      root,
      outDir,
      htmlDir: join(outDir, 'html'),
      reports: { lcov: false, cobertura: false },
    });
    expect(Object.keys(result.fileLinks).sort()).toEqual(['src/empty.ts', 'src/full.ts']);
    expect(existsSync(join(outDir, 'html', result.fileLinks['src/empty.ts']!))).toBe(true);
  });
});
